import "server-only";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { engineOfUrl } from "@/lib/db/engine";
import { log } from "@/lib/log";
import { createProviderClient, type ProviderClient } from "@/lib/provider";
import { type RequestDeadline, RequestNotSent } from "@/lib/provider/client";
import { recordProviderDate } from "./provider-clock";
import { createProviderFetch } from "./provider-fetch";
import type { ProviderKey } from "./provider-keys";
import { SharedTokenBucket } from "./shared-bucket";
import { type CallPriority, TokenBucket } from "./token-bucket";

// Every provider call for a key goes through one token bucket per key, whoever makes it (sync,
// operators, admins) and on whichever instance: however many people click, the provider sees
// at most PROVIDER_MAX_REQUESTS_PER_SECOND from us. On PostgreSQL the bucket is a database row
// shared by every instance (shared-bucket.ts); SQLite runs one process, whose memory suffices.

type Bucket = { acquire: (priority: CallPriority) => Promise<unknown> };

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

export type ProviderClientFor = {
  /**
   * "user" for a call an operator is waiting on (a click, an order, a key test), "background"
   * for sync's: user calls are served first, and background ones leave a token for them.
   */
  priority: CallPriority;
  /** What no request may outlive (a sync pass's lease). */
  deadline?: RequestDeadline;
};

/**
 * A protocol client for one key: rate limited, following that provider's clock. The token is
 * taken before the request's timeout starts, so a wait in the queue never turns into a TIMEOUT,
 * and a failing bucket (its database) is RequestNotSent, never a lost answer: nothing was sent.
 */
export function providerClientFor(key: ProviderKey, { priority, deadline }: ProviderClientFor): ProviderClient {
  const bucket = bucketFor(key.id);
  const takeToken = async () => {
    try {
      await bucket.acquire(priority);
    } catch (error) {
      throw new RequestNotSent("rate limit unavailable, request not sent", { cause: error });
    }
  };
  return createProviderClient({
    baseUrl: key.baseUrl,
    apiKey: key.secret,
    timeoutMs: env().PROVIDER_TIMEOUT_MS,
    maxBodyBytes: env().PROVIDER_MAX_BODY_BYTES,
    fetch: providerFetch(),
    beforeRequest: takeToken,
    deadline,
    onServerDate: (read) => recordProviderDate(key.id, read),
    logger: log,
  });
}
