import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "@/lib/testing/app-harness";

// On SIGTERM stopSync runs at once while requests drain for up to 10 s; a click among them is
// still in flight, so the instance must keep looking alive (heartbeating) until afterRequests
// (instrumentation.ts) stops the heartbeat and marks it stopped.

let h: Harness;
beforeAll(async () => {
  h = await startHarness("stop-heartbeat-key-0005", { SYNC_INTERVAL_MS: "250" });
}, 60_000);
afterAll(() => h.close());

describe("stopSync", () => {
  it("leaves the instance heartbeat running", async () => {
    const registry = await import("./registry");
    const instance = await import("./instance");
    const db = await h.mod.db.getDb();
    await registry.startSync();
    await registry.stopSync();
    const beat = async () =>
      Number((await db.selectFrom("app_instances").select("heartbeat_at").where("id", "=", instance.instanceId()).executeTakeFirstOrThrow()).heartbeat_at);
    const before = await beat();
    await new Promise((r) => setTimeout(r, instance.HEARTBEAT_MS + 500));
    expect(await beat()).toBeGreaterThan(before);
    expect(await instance.liveInstanceIds(db)).toContain(instance.instanceId());
    instance.stopHeartbeat();
  }, 20_000);
});
