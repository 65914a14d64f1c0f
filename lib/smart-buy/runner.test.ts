import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";

// The smart buy runner against the real simulator over HTTP: the walk across countries, Stop,
// the fence between two runners, and crash recovery, where an attempt whose intent is on record
// is re-run without a second getNumber.

const KEY = "smart-buy-runner-test-key-0014";
let h: Harness;
let runner: typeof import("./runner");
let store: typeof import("./store");

beforeAll(async () => {
  h = await startHarness(KEY);
  runner = await import("./runner");
  store = await import("./store");
});
afterAll(() => h.close());
beforeEach(async () => {
  h.sim.engine.setStock("6", null, null);
  h.sim.engine.setStock("73", null, null);
  h.sim.engine.setStock("0", null, null);
  // Ended smart buys do not count against the team's running ones; end the ones a test left running.
  await (await db())
    .updateTable("smart_buys")
    .set({ state: "stopped" })
    .where("state", "=", "running")
    .execute();
  await fetch(`${h.sim.baseUrl}/__sim/requests`, { method: "DELETE" });
});

const db = () => h.mod.db.getDb();
const getNumbers = async () => (await h.requests("action=getNumberV2")) as { country: string }[];
const run = async () => runner.runDueSmartBuys(await h.key());
async function start(
  countries: string[],
  extra: { everySeconds?: number; maxRounds?: number } = {},
) {
  const started = await store.startSmartBuy(TEAM, ACTOR, {
    keyId: h.keyId,
    service: "tg",
    countries,
    everySeconds: 5,
    maxRounds: 2,
    ...extra,
  });
  if (!started.ok) throw new Error(started.failure.code);
  return started.value.id;
}
const buyRow = async (id: string) =>
  (await db()).selectFrom("smart_buys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const outcomes = async (id: string) =>
  (
    await (
      await db()
    )
      .selectFrom("smart_buy_attempts")
      .select(["seq", "country", "outcome"])
      .where("smart_buy_id", "=", id)
      .orderBy("seq")
      .execute()
  ).map((a) => `${a.seq}:${a.country}:${a.outcome}`);
/** The wait before the next round, over: as if every_seconds had passed. */
const makeDue = async (id: string) =>
  (await db()).updateTable("smart_buys").set({ next_at: 0 }).where("id", "=", id).execute();

describe("a smart buy", () => {
  it("buys on the third country after two NO_NUMBERS, with one getNumber each, in one pass", async () => {
    h.sim.engine.setStock("6", null, 0);
    h.sim.engine.setStock("73", null, 0);
    const id = await start(["6", "73", "0"]);
    await run();
    const row = await buyRow(id);
    expect(row).toMatchObject({ state: "bought", seq: 3, round: 1 });
    expect(await outcomes(id)).toEqual(["1:6:NO_NUMBERS", "2:73:NO_NUMBERS", "3:0:ACCESS_NUMBER"]);
    expect((await getNumbers()).map((r) => r.country)).toEqual(["6", "73", "0"]);
    const bought = await h.mod.rows.findActivation(await db(), h.keyId, row.activation_id ?? "");
    expect(bought).toMatchObject({ service: "tg", ordered_by: ACTOR.label });
    // One audit row per attempt's call (intent, then outcome), the requester's.
    const audit = await (await db())
      .selectFrom("audit_log")
      .select(["actor", "outcome", "result"])
      .where("action", "=", "getNumber")
      .where("detail", "like", "tg/%")
      .orderBy("id", "desc")
      .limit(6)
      .execute();
    expect(audit.reverse().map((a) => `${a.outcome}:${a.result}`)).toEqual([
      "sent:PENDING",
      "error:NO_NUMBERS",
      "sent:PENDING",
      "error:NO_NUMBERS",
      "sent:PENDING",
      "ok:ACCESS_NUMBER",
    ]);
    await run();
    expect(await getNumbers()).toHaveLength(3);
  });

  it("waits every_seconds between rounds and is exhausted after max_rounds", async () => {
    h.sim.engine.setStock("6", null, 0);
    const id = await start(["6"], { maxRounds: 2, everySeconds: 30 });
    const before = Date.now();
    await run();
    const waiting = await buyRow(id);
    expect(waiting).toMatchObject({ state: "running", seq: 1, round: 1 });
    expect(Number(waiting.next_at)).toBeGreaterThanOrEqual(before + 30_000);
    await run();
    expect(await getNumbers()).toHaveLength(1);
    await makeDue(id);
    await run();
    expect(await buyRow(id)).toMatchObject({
      state: "exhausted",
      seq: 2,
      round: 2,
      last_error: "NO_NUMBERS",
    });
    expect(await getNumbers()).toHaveLength(2);
  });

  it("makes no getNumber after a Stop, and says who stopped it (audited)", async () => {
    h.sim.engine.setStock("6", null, 0);
    const id = await start(["6"], { maxRounds: 5 });
    await run();
    expect(
      await store.stopSmartBuy(TEAM, { id: "user-2", label: "other@example.test" }, id),
    ).toEqual({ ok: true, value: { id } });
    h.sim.engine.setStock("6", null, null);
    await makeDue(id);
    await run();
    expect(await buyRow(id)).toMatchObject({
      state: "stopped",
      stopped_by: "other@example.test",
      seq: 1,
    });
    expect(await getNumbers()).toHaveLength(1);
    expect(await store.stopSmartBuy(TEAM, ACTOR, id)).toEqual({
      ok: false,
      failure: { code: "SMART_BUY_NOT_RUNNING" },
    });
    const stops = await (await db())
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "smartBuy.stop")
      .execute();
    expect(stops.map((s) => [s.actor, s.outcome])).toEqual([["other@example.test", "ok"]]);
  });

  it("an order told it is no longer wanted (a Stop since the fence) sends nothing and claims nothing", async () => {
    const { orderNumber } = await import("@/lib/activations/order");
    const orderId = "stopped-between-fence-and-claim.1";
    const outcome = await orderNumber(
      await h.key(),
      { service: "tg", country: "6", orderId, stillWanted: async () => false },
      ACTOR,
    );
    expect(outcome).toEqual({ ok: false, failure: { code: "ORDER_NOT_WANTED" } });
    expect(await getNumbers()).toHaveLength(0);
    const claimed = await (await db())
      .selectFrom("order_requests")
      .select("order_id")
      .where("order_id", "=", orderId)
      .execute();
    expect(claimed).toEqual([]);
  });

  it("ends as failed (KEY_UNAVAILABLE) when its key is disabled or deleted, and runs no more", async () => {
    h.sim.engine.setStock("6", null, 0);
    const id = await start(["6"], { maxRounds: 5 });
    await run();
    await store.endSmartBuysOfKey(TEAM, ACTOR, h.keyId);
    expect(await buyRow(id)).toMatchObject({ state: "failed", last_error: "KEY_UNAVAILABLE" });
    h.sim.engine.setStock("6", null, null);
    await makeDue(id);
    await run();
    expect(await getNumbers()).toHaveLength(1);
    const ended = await (await db())
      .selectFrom("audit_log")
      .select(["result", "detail"])
      .where("action", "=", "smartBuy.stop")
      .where("result", "=", "KEY_UNAVAILABLE")
      .execute();
    expect(ended.map((e) => e.detail)).toEqual([`${id} after 1 attempt(s): key disabled or deleted`]);
  });

  it("cannot be stopped from another team", async () => {
    const id = await start(["6"]);
    expect(await store.stopSmartBuy("team-b", ACTOR, id)).toEqual({
      ok: false,
      failure: { code: "SMART_BUY_NOT_RUNNING" },
    });
    expect((await store.listSmartBuys("team-b")).length).toBe(0);
    expect((await store.listSmartBuys(TEAM)).some((b) => b.id === id)).toBe(true);
  });

  it("fails on any other provider error, with its code", async () => {
    h.sim.engine.setAccount(KEY, 0);
    const id = await start(["6", "73"]);
    await run();
    h.sim.engine.setAccount(KEY, 50);
    expect(await buyRow(id)).toMatchObject({ state: "failed", last_error: "NO_BALANCE", seq: 1 });
    expect(await getNumbers()).toHaveLength(1);
  });

  it("runs each attempt once when two runners race (the fence)", async () => {
    const id = await start(["6", "73"]);
    await Promise.all([run(), run(), run()]);
    expect(await buyRow(id)).toMatchObject({ state: "bought", seq: 1 });
    expect(await getNumbers()).toHaveLength(1);
  });
});

describe("after a crash", () => {
  /** What the runner had done when it died: attempt 1 fenced (and maybe its order placed). */
  async function fencedFirstAttempt(id: string) {
    await (await db())
      .updateTable("smart_buys")
      .set({ seq: 1, round: 1 })
      .where("id", "=", id)
      .execute();
    await (await db())
      .insertInto("smart_buy_attempts")
      .values({
        smart_buy_id: id,
        seq: 1,
        round: 1,
        country: "6",
        order_id: runner.orderIdOf(id, 1),
        outcome: "pending",
        at: Date.now(),
      })
      .execute();
  }

  it("re-runs an attempt whose order went through without a second getNumber, and is bought", async () => {
    const id = await start(["6", "73"]);
    await fencedFirstAttempt(id);
    const placed = await h.mod.order.orderNumber(
      await h.key(),
      { service: "tg", country: "6", orderId: runner.orderIdOf(id, 1) },
      ACTOR,
    );
    expect(placed.ok).toBe(true);
    await run();
    expect(await getNumbers()).toHaveLength(1);
    expect(await buyRow(id)).toMatchObject({
      state: "bought",
      seq: 1,
      activation_id: placed.ok ? placed.value.id : "",
    });
    expect(await outcomes(id)).toEqual(["1:6:ACCESS_NUMBER"]);
  });

  it("waits while the earlier call may be under way, then stops as unknown, never calling again", async () => {
    const id = await start(["6", "73"]);
    await fencedFirstAttempt(id);
    const orderId = runner.orderIdOf(id, 1);
    const at = Date.now();
    const orders = (await db()).insertInto("order_requests");
    await orders
      .values({
        order_id: orderId,
        team_id: TEAM,
        key_id: h.keyId,
        status: "pending",
        created_at: at,
        updated_at: at,
      })
      .execute();
    await run();
    const waiting = await buyRow(id);
    expect(waiting).toMatchObject({ state: "running", seq: 1, last_error: "ORDER_IN_PROGRESS" });
    expect(await outcomes(id)).toEqual(["1:6:pending"]);
    // The instance that sent it died long ago: its outcome can no longer be known.
    await (await db())
      .updateTable("order_requests")
      .set({ created_at: 0 })
      .where("order_id", "=", orderId)
      .execute();
    await makeDue(id);
    await run();
    expect(await buyRow(id)).toMatchObject({
      state: "unknown",
      seq: 1,
      last_error: "ORDER_UNKNOWN",
    });
    expect(await getNumbers()).toHaveLength(0);
  });
});
