import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness } from "@/lib/testing/app-harness";
import { untilSomeoneWaitsOnALock as untilLockWait } from "@/lib/testing/lock-wait";
import { testEngine } from "@/lib/testing/test-database";

// Writes to `activations` that race. On PostgreSQL they really interleave (several connections,
// several instances): each test holds a row lock or an uncommitted insert in one transaction while
// sync or an action runs into it on another connection, then lets go. On SQLite the same steps
// run one after the other (one connection serializes them), and must end the same way.

const KEY = "concurrency-test-key-0009";
let h: Harness;

beforeAll(async () => {
  h = await startHarness(KEY);
});
afterAll(() => h.close());

const db = () => h.mod.db.getDb();
const row = async (id: string) => h.mod.rows.findActivation(await db(), h.keyId, id);
const syncOnce = async () => h.mod.sync.syncKeyOnce(await h.key());
const codesOf = (r: { codes: string } | undefined) => (JSON.parse(r?.codes ?? "[]") as { code: string }[]).map((c) => c.code);
/** Another SMS asked for elsewhere (a script with the same key) and received: a code we lack. */
async function secondCodeAtProvider(id: string, code: string) {
  await fetch(`${h.sim.apiUrl}?api_key=${KEY}&action=setStatus&id=${id}&status=3`);
  expect(h.sim.engine.deliverSms(id, { code })).toMatchObject({ ok: true });
}
const finishAtProvider = (id: string) => fetch(`${h.sim.apiUrl}?api_key=${KEY}&action=setStatus&id=${id}&status=6`);

/** Every instance that ever clicked here is dead unless a test says otherwise. */
beforeEach(async () => {
  await (await db()).deleteFrom("app_instances").execute();
});

/** An app instance heartbeating now: its clicks in flight are its own to settle. */
async function liveInstance(id: string) {
  const now = Date.now();
  await (await db()).insertInto("app_instances").values({ id, started_at: now, heartbeat_at: now, stopped_at: null }).execute();
}

const untilSomeoneWaitsOnALock = async () => untilLockWait(await db());

describe("sync and an action on the same row", () => {
  it("sync never writes its stale state over an action that settled while sync waited for the row", async () => {
    const id = await h.synced("1111");
    // A second code: the list sync fetches differs from the row, so sync has something to write.
    await secondCodeAtProvider(id, "2222");
    await liveInstance("clicking-instance");
    const claim = { keyId: h.keyId, id, action: "finish" as const, since: Date.now(), instance: "clicking-instance", by: ACTOR.label };
    await (await db()).transaction().execute((trx) => h.mod.repo.claimPending(trx, claim));

    // The click's settle holds the row while sync (its list fetched before the finish) reaches it.
    let letGo = () => {};
    const released = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    let locked = () => {};
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const settle = (await db()).transaction().execute(async (trx) => {
      await h.mod.repo.lockActivation(trx, h.keyId, id);
      locked();
      await released;
      await finishAtProvider(id);
      // Settled: the row comes back as written.
      expect(await h.mod.repo.completeAction(trx, claim, Date.now())).toMatchObject({
        id,
        state: "finished",
        pending_action: null,
      });
    });
    await holding;
    const syncing = syncOnce();
    await untilSomeoneWaitsOnALock();
    letGo();
    await Promise.all([settle, syncing]);

    const after = await row(id);
    expect(after).toMatchObject({ state: "finished", pending_action: null, last_actor: ACTOR.label });
    // What sync knew that the action did not (the second code) is kept. (On SQLite sync ran after
    // the finish: the provider no longer listed it, so that code never reached us.)
    expect(codesOf(after)).toEqual(testEngine() === "postgres" ? ["1111", "2222"] : ["1111"]);
  });

  it("a list fetched before the action is not applied over the action's state, though its new code is", async () => {
    const id = await h.synced("3131");
    await secondCodeAtProvider(id, "3232");
    // The provider builds the list now (a second code, still running) and answers 600 ms later.
    await h.fault({ action: "getActiveActivations", kind: "slow", delayMs: 600 });
    const syncing = syncOnce();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await h.act(id, "finish")).toMatchObject({ ok: true, value: { state: "finished" } });
    await syncing;
    const after = await row(id);
    expect(after).toMatchObject({ state: "finished", last_actor: ACTOR.label });
    expect(codesOf(after)).toEqual(["3131", "3232"]);
  });
});

describe("sync and an order inserting the same activation", () => {
  it("sync's insert waits for the order's and merges into it (no unique violation)", async () => {
    const bought = h.sim.engine.createActivation({ key: KEY, service: "tg", country: "73", autoSms: false });
    if (!bought.ok) throw new Error("purchase failed");
    const id = bought.activation.id;
    h.sim.engine.deliverSms(id, { code: "4545" });
    let letGo = () => {};
    const released = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    let inserted = () => {};
    const insertedYet = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    // The order's transaction has inserted the row and not committed yet when sync lists it.
    const order = (await db()).transaction().execute(async (trx) => {
      const now = Date.now();
      await h.mod.repo.insertOrdered(
        trx,
        {
          key_id: h.keyId,
          id,
          phone: bought.activation.phone,
          service: "tg",
          country_code: "73",
          country_name: null,
          cost: 10,
          currency: 643,
          state: "waiting",
          codes: "[]",
          can_get_another_sms: 1,
          purchased_at: now,
          expires_at: now + 1_200_000,
          checking: 0,
          created_at: now,
          updated_at: now,
        },
        ACTOR.label,
        now,
      );
      inserted();
      await released;
    });
    await insertedYet;
    const syncing = syncOnce();
    await untilSomeoneWaitsOnALock();
    letGo();
    await Promise.all([order, syncing]);
    const after = await row(id);
    expect(after).toMatchObject({ origin: "order", last_actor: ACTOR.label, last_action: "order", state: "code_received" });
    expect(codesOf(after)).toEqual(["4545"]);
  });

  it("an order whose answer comes after sync already inserted the number keeps the order's facts", async () => {
    // The provider buys at once but answers 600 ms later; sync lists the number meanwhile.
    await h.fault({ action: "getNumberV2", kind: "slow", delayMs: 600 });
    const ordering = h.mod.order.orderNumber(await h.key(), { service: "tg", country: "73", orderId: crypto.randomUUID() }, ACTOR);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await syncOnce();
    const outcome = await ordering;
    if (!outcome.ok) throw new Error(`order failed: ${outcome.failure.code}`);
    expect(await row(outcome.value.id)).toMatchObject({ origin: "order", last_actor: ACTOR.label, last_action: "order" });
  });
});

describe("sync's getStatus and a click on the same row", () => {
  it("an answer that left while a click claimed the row is not applied over the claim", async () => {
    const id = await h.synced("5656");
    await (await db()).deleteFrom("app_instances").execute();
    // Finished by a script: the row leaves the list, so sync asks getStatus, which answers late.
    await finishAtProvider(id);
    await h.fault({ action: "getStatus", kind: "slow", delayMs: 600 });
    const syncing = syncOnce();
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Meanwhile an operator clicks Finish: the row is claimed while getStatus is under way.
    const clicking = h.act(id, "finish");
    await syncing;
    const audit = await (await db())
      .selectFrom("audit_log")
      .select(["outcome", "detail"])
      .where("activation_id", "=", id)
      .where("action", "=", "getStatus")
      .execute();
    expect(audit).toEqual([{ outcome: "ok", detail: expect.stringMatching(/row written meanwhile/) }]);
    await clicking;
    // The next pass asks again and records how it really ended: finished, by nobody here.
    await syncOnce();
    expect(await row(id)).toMatchObject({ state: "finished", pending_action: null, checking: 0 });
  });
});
