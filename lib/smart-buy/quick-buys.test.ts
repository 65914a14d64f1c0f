import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";
import { quickBuyInput } from "./input";

// Quick buys: who sees and may delete a preset, and that one click starts a smart buy with its
// plan as the clicker (run by the key's sync holder like any other).

let h: Harness;
let quick: typeof import("./quick-buys");
let runner: typeof import("./runner");
const OTHER = { id: "user-2", label: "other@example.test" };
const me = { teamId: TEAM, actor: ACTOR, isAdmin: false };
const other = { teamId: TEAM, actor: OTHER, isAdmin: false };
const admin = { teamId: TEAM, actor: { id: "user-3", label: "admin@example.test" }, isAdmin: true };

beforeAll(async () => {
  h = await startHarness("quick-buys-test-key-0014");
  quick = await import("./quick-buys");
  runner = await import("./runner");
});
afterAll(() => h.close());

const plan = (name: string, shared: boolean) => ({
  keyId: h.keyId,
  service: "ig",
  countries: ["6", "0"],
  maxPrice: 1,
  everySeconds: 10,
  maxRounds: 2,
  name,
  shared,
});
const saved = async (caller: typeof me, name: string, shared: boolean) => {
  const outcome = await quick.saveQuickBuy(caller, plan(name, shared));
  if (!outcome.ok) throw new Error(outcome.failure.code);
  return outcome.value.id;
};

describe("quick buys", () => {
  it("shows shared ones to the team and personal ones to their owner only", async () => {
    await saved(me, "Mine", false);
    await saved(me, "Team's", true);
    expect((await quick.listQuickBuys(me)).map((q) => [q.name, q.shared, q.deletable])).toEqual([
      ["Mine", false, true],
      ["Team's", true, true],
    ]);
    expect((await quick.listQuickBuys(other)).map((q) => [q.name, q.deletable])).toEqual([["Team's", false]]);
    expect(await quick.listQuickBuys({ ...me, teamId: "team-b" })).toEqual([]);
  });

  it("may be deleted by its owner or an admin only, audited", async () => {
    const id = await saved(me, "Shared to delete", true);
    expect(await quick.deleteQuickBuy(other, id)).toEqual({ ok: false, failure: { code: "QUICK_BUY_NOT_FOUND" } });
    expect(await quick.deleteQuickBuy(admin, id)).toEqual({ ok: true, value: { id } });
    const db = await h.mod.db.getDb();
    const audit = await db.selectFrom("audit_log").select(["actor", "detail"]).where("action", "=", "quickBuy.delete").execute();
    expect(audit).toEqual([{ actor: "admin@example.test", detail: "Shared to delete" }]);
  });

  it("starts a smart buy with its plan as the clicker, in one click; another's personal one cannot be run", async () => {
    const mine = await saved(me, "Personal", false);
    expect(await quick.runQuickBuy(other, mine)).toEqual({ ok: false, failure: { code: "QUICK_BUY_NOT_FOUND" } });
    const shared = await saved(me, "Instagram", true);
    const started = await quick.runQuickBuy(other, shared);
    if (!started.ok) throw new Error(started.failure.code);
    await runner.runDueSmartBuys(await h.key());
    const db = await h.mod.db.getDb();
    const buy = await db.selectFrom("smart_buys").selectAll().where("id", "=", started.value.id).executeTakeFirstOrThrow();
    expect(buy).toMatchObject({ state: "bought", requested_by: OTHER.label, service: "ig", countries: '["6","0"]', every_seconds: 10 });
    expect(((await h.requests("action=getNumberV2")) as { country: string; maxPrice: string }[]).map((r) => [r.country, r.maxPrice])).toEqual([["6", "1"]]);
  });

  it("refuses a plan with extra fields or no name", () => {
    expect(quickBuyInput.safeParse({ ...plan("x", true), keyId: crypto.randomUUID(), teamId: "t" }).success).toBe(false);
    expect(quickBuyInput.safeParse({ ...plan("  ", true), keyId: crypto.randomUUID() }).success).toBe(false);
    expect(quickBuyInput.safeParse({ ...plan("ok", true), keyId: crypto.randomUUID() }).success).toBe(true);
  });
});
