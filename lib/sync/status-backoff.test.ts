import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Harness, startHarness } from "@/lib/testing/app-harness";

// A getStatus that keeps failing for a row (BAD_STATUS, WRONG_ACTIVATION_ID, …) used to be asked
// again on every sync pass, forever: 28,800 calls and audit rows a day per row at 3 s. Now each
// failure puts the next try off (the sync interval, doubling, capped at 10 min), any answer
// resets that, and a row past its lifetime plus a grace period is closed, audited once.
// The real simulator answers; our clock (Date only: timers and sockets stay real) is moved on
// by one sync interval per pass, and the simulator's clock by its own control.

// No background loop: this file runs every pass itself, so it alone decides when getStatus is asked.
// (Services ask for a pass through the notifier; nobody may answer it here.)
vi.mock("@/lib/sync/sync-requests", () => ({ requestSync: () => {}, onSyncRequested: () => () => {} }));

const KEY = "status-backoff-key-0003";
const INTERVAL_MS = 3000;
const ACTIVE = ["waiting", "code_received", "waiting_retry"];
let h: Harness;
let clock = Date.now();

beforeAll(async () => {
  h = await startHarness(KEY, { PROVIDER_MAX_REQUESTS_PER_SECOND: "50", SYNC_INTERVAL_MS: String(INTERVAL_MS) });
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(clock);
});
afterEach(() => fetch(`${h.sim.baseUrl}/__sim/faults`, { method: "DELETE" }));
afterAll(async () => {
  vi.useRealTimers();
  await h.close();
});

/** One sync pass, then our clock moves on by one interval, as the loop would. */
async function pass() {
  await h.mod.sync.syncKeyOnce(await h.key());
  clock += INTERVAL_MS;
  vi.setSystemTime(clock);
}
const statusCalls = async (id: string) => (await h.requests(`action=getStatus&id=${id}`)).length;
const row = async (id: string) => h.mod.rows.findActivation(await h.mod.db.getDb(), h.keyId, id);
const failGetStatus = (token: string, times = 10_000) => h.fault({ action: "getStatus", kind: "token", token, times });
/** Finished with the same key elsewhere (a script): it leaves the list, so sync asks getStatus. */
const finishElsewhere = (id: string) => fetch(`${h.sim.apiUrl}?api_key=${KEY}&action=setStatus&id=${id}&status=6`);

async function closedAudits(id: string) {
  return (await h.mod.db.getDb())
    .selectFrom("audit_log")
    .select(["actor", "outcome", "result"])
    .where("activation_id", "=", id)
    .where("action", "=", "activation.closed")
    .execute();
}

describe("a getStatus that keeps failing", () => {
  it.each(["BAD_STATUS", "WRONG_ACTIVATION_ID"])(
    "(%s) is asked far less often than sync passes, and the row is closed once past lifetime + grace",
    async (token) => {
      const id = await h.synced("5150");
      await finishElsewhere(id);
      await failGetStatus(token);

      // 15 minutes of passes every 3 s: 300 passes, about ten getStatus calls (3, 6, 12 … 600 s apart).
      const passes = 300;
      for (let i = 0; i < passes; i++) await pass();
      const calls = await statusCalls(id);
      expect(calls).toBeGreaterThanOrEqual(5);
      expect(calls).toBeLessThanOrEqual(12);
      expect(await row(id)).toMatchObject({ state: "code_received", status_failures: calls });
      expect(await closedAudits(id)).toEqual([]);

      // The provider's clock passes the lifetime (20 min) and the grace (10 min): the next failed
      // getStatus closes the row. A code had arrived, so it ended finished (no refund after a code).
      h.sim.engine.advance(30 * 60 + 1);
      for (let i = 0; i < 250 && ACTIVE.includes((await row(id))?.state ?? ""); i++) await pass();
      expect(await row(id)).toMatchObject({ state: "finished", checking: 0, pending_action: null, status_next_at: null });
      expect(await closedAudits(id)).toEqual([{ actor: "sync", outcome: "ok", result: "finished" }]);

      // Closed rows are never asked again, and the close is audited once.
      const afterClose = await statusCalls(id);
      for (let i = 0; i < 20; i++) await pass();
      expect(await statusCalls(id)).toBe(afterClose);
      expect(await closedAudits(id)).toHaveLength(1);
    },
    60_000,
  );

  it("closes a code-less row as expired", async () => {
    const id = await h.synced();
    // No code came: the provider's lifetime and our grace pass, it leaves the list, and its
    // getStatus fails from then on.
    h.sim.engine.advance(30 * 60 + 1);
    await failGetStatus("BAD_STATUS");
    for (let i = 0; i < 250 && ACTIVE.includes((await row(id))?.state ?? ""); i++) await pass();
    expect((await row(id))?.state).toBe("expired");
    expect(await closedAudits(id)).toEqual([{ actor: "sync", outcome: "ok", result: "expired" }]);
  });
});

describe("a successful getStatus", () => {
  it("resets the backoff: the next failure waits one interval again", async () => {
    const id = await h.synced("6160");
    // A lost answer (502, not applied): the row is "checking" until getStatus answers.
    await h.fault({ action: "setStatus", kind: "http502", apply: false });
    expect(await h.act(id, "finish")).toMatchObject({ ok: false, failure: { code: "ACTION_CHECKING" } });

    await failGetStatus("BAD_STATUS", 4);
    const waits: number[] = [];
    while (waits.length < 4) {
      const before = await statusCalls(id);
      await h.mod.sync.syncKeyOnce(await h.key());
      if ((await statusCalls(id)) > before) waits.push(Number((await row(id))?.status_next_at) - Date.now());
      clock += INTERVAL_MS;
      vi.setSystemTime(clock);
    }
    expect(waits).toEqual([3000, 6000, 12_000, 24_000]);
    expect(await row(id)).toMatchObject({ checking: 1, status_failures: 4 });

    // The provider answers (STATUS_OK: the finish never happened): the row is known again.
    for (let i = 0; i < 10 && (await row(id))?.checking === 1; i++) await pass();
    expect(await row(id)).toMatchObject({
      state: "code_received",
      checking: 0,
      pending_action: null,
      status_failures: 0,
      status_next_at: null,
    });

    // Another lost answer, another failure: back to one interval, not 48 s.
    await h.fault({ action: "setStatus", kind: "http502", apply: false });
    expect(await h.act(id, "finish")).toMatchObject({ ok: false, failure: { code: "ACTION_CHECKING" } });
    await failGetStatus("BAD_STATUS", 1);
    await h.mod.sync.syncKeyOnce(await h.key());
    expect(await row(id)).toMatchObject({ status_failures: 1 });
    expect(Number((await row(id))?.status_next_at) - Date.now()).toBe(INTERVAL_MS);
  });
});
