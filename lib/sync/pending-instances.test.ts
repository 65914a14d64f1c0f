import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness } from "@/lib/testing/app-harness";

// Which clicks in flight sync may reconcile: one pending on an instance whose heartbeat stopped
// (killed, frozen, cut off, or stopped cleanly) lost its answer; one on a live instance is that
// instance's to settle, until it is older than any call can last (callSettleBoundMs: the provider
// timeout plus a margin, at least a minute), when it lost its answer wherever it runs. One on a
// dead instance is left alone for the provider timeout: that instance may only be cut off from
// the database while its request still runs.

const KEY = "pending-instances-key-0011";
const TIMEOUT_MS = 100_000;
/** callSettleBoundMs for TIMEOUT_MS. */
const SETTLE_BOUND_MS = TIMEOUT_MS + 30_000;
let h: Harness;

beforeAll(async () => {
  // A long provider timeout: a fixed minute would reconcile clicks still under way.
  h = await startHarness(KEY, { PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS) });
});
afterAll(() => h.close());
beforeEach(async () => {
  await (await h.mod.db.getDb()).deleteFrom("app_instances").execute();
});

const db = () => h.mod.db.getDb();
const row = async (id: string) => h.mod.rows.findActivation(await db(), h.keyId, id);
const statusCalls = async (id: string) => (await h.requests(`action=getStatus&id=${id}`)).length;

async function instance(id: string, { heartbeatAgoMs = 0, stopped = false } = {}) {
  const now = Date.now();
  await (await db())
    .insertInto("app_instances")
    .values({ id, started_at: now - 60_000, heartbeat_at: now - heartbeatAgoMs, stopped_at: stopped ? now : null })
    .execute();
}

/** A finish clicked on `instanceId` `agoMs` ago, whose answer has not come back. */
async function pendingOn(instanceId: string | null, agoMs = 0): Promise<string> {
  const id = await h.synced("9090");
  await (await db())
    .updateTable("activations")
    .set({ pending_action: "finish", pending_since: Date.now() - agoMs, pending_by: ACTOR.label, pending_instance: instanceId })
    .where("key_id", "=", h.keyId)
    .where("id", "=", id)
    .execute();
  return id;
}

describe("a click in flight", () => {
  it("on a live instance is left alone", async () => {
    await instance("live-1");
    const id = await pendingOn("live-1");
    await h.mod.sync.syncKeyOnce(await h.key());
    expect(await statusCalls(id)).toBe(0);
    expect(await row(id)).toMatchObject({ pending_action: "finish", pending_instance: "live-1" });
  });

  it.each([
    ["whose heartbeat stopped", "dead-1", { heartbeatAgoMs: 30_000 }],
    ["that stopped cleanly", "stopped-1", { stopped: true }],
    ["never seen (no heartbeat row)", "unknown-1", null],
  ] as const)("on an instance %s is reconciled with getStatus", async (_name, instanceId, health) => {
    if (health) await instance(instanceId, health);
    const id = await pendingOn(instanceId, TIMEOUT_MS + 1000);
    await h.mod.sync.syncKeyOnce(await h.key());
    expect(await statusCalls(id)).toBe(1);
    // The finish never reached the provider: the row is free again, as it really is.
    expect(await row(id)).toMatchObject({ state: "code_received", pending_action: null, pending_instance: null });
  });

  it("on a dead instance but younger than the provider timeout is left alone", async () => {
    await instance("dead-2", { heartbeatAgoMs: 30_000 });
    const id = await pendingOn("dead-2", TIMEOUT_MS - 5000);
    await h.mod.sync.syncKeyOnce(await h.key());
    expect(await statusCalls(id)).toBe(0);
    expect(await row(id)).toMatchObject({ pending_action: "finish", pending_instance: "dead-2" });
  });

  it("with no instance recorded (from before instances were) is reconciled", async () => {
    const id = await pendingOn(null, TIMEOUT_MS + 1000);
    await h.mod.sync.syncKeyOnce(await h.key());
    expect(await statusCalls(id)).toBe(1);
    expect(await row(id)).toMatchObject({ pending_action: null });
  });

  it("on a live instance older than a minute but within the provider timeout is left alone", async () => {
    await instance("live-3");
    const id = await pendingOn("live-3", 61_000);
    await h.mod.sync.syncKeyOnce(await h.key());
    expect(await statusCalls(id)).toBe(0);
    expect(await row(id)).toMatchObject({ pending_action: "finish" });
  });

  it("on a live instance but older than any call can last is reconciled", async () => {
    await instance("live-2");
    const id = await pendingOn("live-2", SETTLE_BOUND_MS + 1000);
    await h.mod.sync.syncKeyOnce(await h.key());
    expect(await statusCalls(id)).toBe(1);
    expect(await row(id)).toMatchObject({ pending_action: null });
  });
});
