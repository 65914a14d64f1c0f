import "server-only";
import { env } from "@/lib/config/env";
import { log } from "@/lib/log";
import { createProviderClient, type ProviderClient } from "@/lib/provider";
import { recordProviderDate } from "./provider-clock";
import { createProviderFetch } from "./provider-fetch";
import type { ProviderKey } from "./provider-keys";
import { TokenBucket } from "./token-bucket";

// Every provider call for a key goes through one token bucket per key per process, whoever
// makes it (sync, operators, admins): however many people click, the provider sees at most
// PROVIDER_MAX_REQUESTS_PER_SECOND from us.

const store = globalThis as unknown as {
  smsDeskBuckets?: Map<string, TokenBucket>;
  smsDeskProviderFetch?: typeof fetch;
};
store.smsDeskBuckets ??= new Map();
const buckets = store.smsDeskBuckets;

// Address rules for every provider connection (base-url.ts, lib/net): one per process.
function providerFetch(): typeof fetch {
  store.smsDeskProviderFetch ??= createProviderFetch();
  return store.smsDeskProviderFetch;
}

function bucketFor(keyId: string): TokenBucket {
  let bucket = buckets.get(keyId);
  if (!bucket) {
    const rate = env().PROVIDER_MAX_REQUESTS_PER_SECOND;
    bucket = new TokenBucket(rate, Math.max(1, Math.ceil(rate)));
    buckets.set(keyId, bucket);
  }
  return bucket;
}

/** A protocol client for one key: rate limited, following that provider's clock. */
export function providerClientFor(key: ProviderKey): ProviderClient {
  const bucket = bucketFor(key.id);
  const limitedFetch: typeof fetch = async (input, init) => {
    await bucket.acquire();
    return providerFetch()(input, init);
  };
  return createProviderClient({
    baseUrl: key.baseUrl,
    apiKey: key.secret,
    timeoutMs: env().PROVIDER_TIMEOUT_MS,
    maxBodyBytes: env().PROVIDER_MAX_BODY_BYTES,
    fetch: limitedFetch,
    onServerDate: (providerNowMs, localNowMs) => recordProviderDate(key.id, providerNowMs, localNowMs),
    logger: log,
  });
}
