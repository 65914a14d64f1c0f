import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "@/lib/testing/app-harness";

// A sync pass that fails on our side (the database, a request never sent) is not the
// provider's fault: no error shown on the key, no provider backoff, the next pass after the
// normal interval.

const INTERVAL_MS = 250;
let h: Harness;
type Bucket = { acquire: () => Promise<unknown> };
const buckets = () => (globalThis as unknown as { smsDeskBuckets: Map<string, Bucket> }).smsDeskBuckets;

beforeAll(async () => {
  h = await startHarness("pass-our-failure-key-0017", { SYNC_INTERVAL_MS: String(INTERVAL_MS), SYNC_LEASE_TTL_MS: "2000" });
}, 60_000);
afterAll(async () => {
  await (await import("./registry")).stopSync();
  (await import("./instance")).stopHeartbeat();
  await h.close();
});

describe("a sync pass failing on our side", () => {
  it("records no provider fault on the key and retries at the normal interval", async () => {
    let attempts = 0;
    buckets().set(h.keyId, {
      acquire: () => {
        attempts += 1;
        return Promise.reject(new Error("connection terminated"));
      },
    });
    const registry = await import("./registry");
    await registry.startSync();
    await new Promise((r) => setTimeout(r, 10 * INTERVAL_MS));
    await registry.stopSync();
    // With the provider backoff (doubling from the interval) there would be about 4.
    expect(attempts).toBeGreaterThanOrEqual(7);
    const key = await (await h.mod.db.getDb())
      .selectFrom("provider_keys")
      .select(["last_error", "broken_code", "banned_until"])
      .where("id", "=", h.keyId)
      .executeTakeFirstOrThrow();
    expect(key).toEqual({ last_error: null, broken_code: null, banned_until: null });
  }, 20_000);
});
