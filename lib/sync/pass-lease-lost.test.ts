import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "@/lib/testing/app-harness";

// A pass that fails after its lease passed to another instance does not write its error on the
// key: last_error and the clock offset are the new holder's to report.

const KEY = "pass-lease-lost-key-0023";
let h: Harness;
type Bucket = { acquire: () => Promise<unknown> };
const buckets = () => (globalThis as unknown as { smsDeskBuckets: Map<string, Bucket> }).smsDeskBuckets;

beforeAll(async () => {
  h = await startHarness(KEY, { SYNC_INTERVAL_MS: "60000", SYNC_LEASE_TTL_MS: "1500", PROVIDER_TIMEOUT_MS: "10000" });
}, 60_000);
afterAll(async () => {
  await (await import("./registry")).stopSync();
  (await import("./instance")).stopHeartbeat();
  await h.close();
});

describe("a pass whose lease was taken during its call", () => {
  it("leaves the key's last_error to the new holder", async () => {
    const db = await h.mod.db.getDb();
    const lease = await import("./lease");
    // The list call hangs; our lease is taken by another instance as the call starts, so the
    // call ends at the lease's local deadline (TIMEOUT) after the renewal learnt of the loss.
    await h.fault({ action: "getActiveActivations", kind: "timeout", delayMs: 8000 });
    let stolen = false;
    buckets().set(h.keyId, {
      acquire: async () => {
        if (stolen) return;
        stolen = true;
        await db.updateTable("sync_leases").set({ expires_at: 0 }).where("key_id", "=", h.keyId).execute();
        await lease.takeLease(db, h.keyId, "thief", 60_000);
      },
    });
    const registry = await import("./registry");
    await registry.startSync();
    await new Promise((r) => setTimeout(r, 3000));
    expect(stolen).toBe(true);
    const key = await db.selectFrom("provider_keys").select("last_error").where("id", "=", h.keyId).executeTakeFirstOrThrow();
    expect(key.last_error).toBeNull();
  }, 20_000);
});
