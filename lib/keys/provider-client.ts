import "server-only";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { engineOfUrl } from "@/lib/db/engine";
import { log } from "@/lib/log";
import { createProviderClient, type ProviderClient } from "@/lib/provider";
import { recordProviderDate } from "./provider-clock";
import { createProviderFetch } from "./provider-fetch";
import type { ProviderKey } from "./provider-keys";
import { SharedTokenBucket } from "./shared-bucket";
import { TokenBucket } from "./token-bucket";

// Every provider call for a key goes through one token bucket per key, whoever makes it (sync,
// operators, admins) and on whichever instance: however many people click, the provider sees
// at most PROVIDER_MAX_REQUESTS_PER_SECOND from us. On PostgreSQL the bucket is a database row
// shared by every instance (shared-bucket.ts); SQLite runs one process, whose memory suffices.

type Bucket = { acquire: () => Promise<unknown> };

const store = globalThis as unknown as {
  smsDeskBuckets?: Map<string, Bucket>;
  smsDeskProviderFetch?: typeof fetch;
};
store.smsDeskBuckets ??= new Map();
const buckets = store.smsDeskBuckets;

// Address rules for every provider connection (base-url.ts, lib/net): one per process.
function providerFetch(): typeof fetch {
  store.smsDeskProviderFetch ??= createProviderFetch();
  return store.smsDeskProviderFetch;
}

function bucketFor(keyId: string): Bucket {
  let bucket = buckets.get(keyId);
  if (!bucket) {
    const { PROVIDER_MAX_REQUESTS_PER_SECOND: rate, DATABASE_URL } = env();
    const burst = Math.max(1, Math.ceil(rate));
    bucket =
      engineOfUrl(DATABASE_URL) === "postgres"
        ? new SharedTokenBucket(getDb, keyId, rate, burst)
        : new TokenBucket(rate, burst);
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
