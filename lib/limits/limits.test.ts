import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "@/lib/testing/app-harness";
import { untilSomeoneWaitsOnALock } from "@/lib/testing/lock-wait";

// Spending limits on the real order path (lib/activations/order.ts) against the simulator, on
// SQLite and, with TEST_DATABASE_URL, on PostgreSQL, where concurrent orders really interleave
// (a pool of connections) and only the limit's lock keeps them from passing a limit together.

let h: Harness;
let mod: {
  limits: typeof import("./store");
  guard: typeof import("./order-guard");
  teams: typeof import("@/lib/teams/service");
  auth: typeof import("@/lib/auth/auth");
  queries: typeof import("@/lib/activations/queries");
};
let team: string;
let admin: { id: string; label: string };
let price: number;
let keyCount = 0;

beforeAll(async () => {
  h = await startHarness("limits-harness-key-0001");
  mod = {
    limits: await import("./store"),
    guard: await import("./order-guard"),
    teams: await import("@/lib/teams/service"),
    auth: await import("@/lib/auth/auth"),
    queries: await import("@/lib/activations/queries"),
  };
  const email = `limits-admin-${Date.now()}@x.local`;
  const { user } = await mod.auth.getAuth().api.signUpEmail({ body: { email, name: "Admin", password: "correct-horse-battery" } });
  admin = { id: user.id, label: email };
  const created = await mod.teams.createTeam(admin, "Limits team");
  if (!created.ok) throw new Error(created.failure.code);
  team = created.value.teamId;
  const prices = await (await fetch(`${h.sim.apiUrl}?api_key=limits-harness-key-0001&action=getPrices&service=tg&country=73`)).json();
  price = Number(prices["73"].tg.cost);
});
afterAll(() => h.close());

const db = () => h.mod.db.getDb();

/** A key of the team on its own simulator account, so each test counts its own spend and calls. */
async function freshKey() {
  const secret = `limits-key-${++keyCount}-${Date.now()}`;
  h.sim.engine.setAccount(secret, 1000);
  const created = await h.mod.keyService.createKey(team, admin, { name: `Key ${keyCount}`, provider: "simulator", secret });
  if (!created.ok) throw new Error(created.failure.code);
  const key = await h.mod.keys.getTeamKey(team, created.value.id);
  if (!key) throw new Error("key missing");
  return { key, suffix: secret.slice(-4) };
}

const order = (key: Awaited<ReturnType<typeof freshKey>>["key"], input: { country?: string; maxPrice?: number } = {}) =>
  h.mod.order.orderNumber(key, { service: "tg", country: input.country ?? "73", maxPrice: "maxPrice" in input ? input.maxPrice : price, orderId: randomUUID() }, admin);

async function getNumberCalls(suffix: string) {
  const all = [...(await h.requests("action=getNumberV2")), ...(await h.requests("action=getNumber"))] as { keySuffix: string }[];
  return all.filter((r) => r.keySuffix === suffix).length;
}

async function adminMemberId() {
  const members = await mod.teams.listMembers(team);
  const me = members.find((m) => m.userId === admin.id);
  if (!me) throw new Error("admin not a member");
  return me.memberId;
}

describe("a member's daily limit", () => {
  it("refuses the order that would pass it before any provider call, audited as a refusal", async () => {
    const { key, suffix } = await freshKey();
    expect(await mod.limits.setMemberLimit(team, admin, await adminMemberId(), price * 1.5)).toMatchObject({ ok: true });
    expect(await order(key)).toMatchObject({ ok: true });
    const callsBefore = await getNumberCalls(suffix);

    const refused = await order(key);
    expect(refused).toEqual({
      ok: false,
      failure: { code: "LIMIT_MEMBER_DAILY", params: { limit: price * 1.5, spent: price, cost: price, key: key.name } },
    });
    expect(await getNumberCalls(suffix)).toBe(callsBefore);
    const audit = await (await db())
      .selectFrom("audit_log")
      .selectAll()
      .where("key_id", "=", key.id)
      .where("action", "=", "getNumber")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ outcome: "refused", result: "LIMIT_MEMBER_DAILY", actor: admin.label });
    expect(audit.detail).toContain("member limit");
    await mod.limits.setMemberLimit(team, admin, await adminMemberId(), null);
  });

  it("leaves no claim behind: the same order id may be placed once the limit allows it", async () => {
    const { key } = await freshKey();
    await mod.limits.setKeyLimits(team, admin, key.id, { dailyLimit: 0, lowBalanceThreshold: null });
    const input = { service: "tg", country: "73", maxPrice: price, orderId: randomUUID() };
    expect(await h.mod.order.orderNumber(key, input, admin)).toMatchObject({ ok: false, failure: { code: "LIMIT_KEY_DAILY" } });
    await mod.limits.setKeyLimits(team, admin, key.id, { dailyLimit: null, lowBalanceThreshold: null });
    expect(await h.mod.order.orderNumber(key, input, admin)).toMatchObject({ ok: true });
  });
});

describe("a key's daily limit", () => {
  it("counts numbers bought today at their cost, not refunded ones", async () => {
    const { key } = await freshKey();
    await mod.limits.setKeyLimits(team, admin, key.id, { dailyLimit: price * 2, lowBalanceThreshold: null });
    const first = await order(key);
    expect(await order(key)).toMatchObject({ ok: true });
    expect(await order(key)).toMatchObject({ ok: false, failure: { code: "LIMIT_KEY_DAILY" } });
    // The provider refunded the first (what sync records for a cancel): its cost is free again.
    if (!first.ok) throw new Error("first order failed");
    await (await db()).updateTable("activations").set({ state: "cancelled" }).where("key_id", "=", key.id).where("id", "=", first.value.id).execute();
    expect(await order(key)).toMatchObject({ ok: true });
    const [listed] = await mod.limits.listKeyLimits(team, [key.id]);
    expect(listed?.spentToday).toBeCloseTo(price * 2, 6);
  });

  it("checks an order without a max price at the key's current price, and refuses when it is unknown", async () => {
    const { key, suffix } = await freshKey();
    await mod.limits.setKeyLimits(team, admin, key.id, { dailyLimit: price * 1.5, lowBalanceThreshold: null });
    const calls = await getNumberCalls(suffix);
    // Country 9999 is not sold: no price to check the order at.
    expect(await order(key, { country: "9999", maxPrice: undefined })).toMatchObject({ ok: false, failure: { code: "LIMIT_PRICE_UNKNOWN" } });
    expect(await getNumberCalls(suffix)).toBe(calls);
    expect(await order(key, { maxPrice: undefined })).toMatchObject({ ok: true });
    expect(await order(key, { maxPrice: undefined })).toMatchObject({ ok: false, failure: { code: "LIMIT_KEY_DAILY" } });
    expect(await getNumberCalls(suffix)).toBe(calls + 1);
    // The price it was checked at went to the provider as the max: a price risen since is refused,
    // not charged past what the limit allowed.
    const sent = (await h.requests("action=getNumberV2")) as { keySuffix: string; maxPrice?: string | null }[];
    expect(sent.filter((r) => r.keySuffix === suffix).at(-1)?.maxPrice).toBe(String(price));
  });

  it("lets concurrent orders pass only as far as the limit allows them together", async () => {
    const { key, suffix } = await freshKey();
    await mod.limits.setKeyLimits(team, admin, key.id, { dailyLimit: price * 2, lowBalanceThreshold: null });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => order(key)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(2);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.failure.code)).toEqual(Array(3).fill("LIMIT_KEY_DAILY"));
    expect(await getNumberCalls(suffix)).toBe(2);
  });

  it("an order reaching the limit while another holds it waits for that reservation, then counts it", async () => {
    const { key, suffix } = await freshKey();
    await mod.limits.setKeyLimits(team, admin, key.id, { dailyLimit: price * 1.5, lowBalanceThreshold: null });
    const guard = await mod.guard.spendingGuardFor(key, { service: "tg", country: "73", maxPrice: price }, admin);
    let letGo = () => {};
    const released = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    let holding = () => {};
    const reserved = new Promise<void>((resolve) => {
      holding = resolve;
    });
    // The first order's claim transaction: its reservation made, not yet committed.
    const first = (await db()).transaction().execute(async (trx) => {
      const orderId = randomUUID();
      const now = Date.now();
      await trx
        .insertInto("order_requests")
        .values({ order_id: orderId, team_id: team, key_id: key.id, status: "pending", created_at: now, updated_at: now })
        .execute();
      await guard.reserve(trx, orderId);
      holding();
      await released;
    });
    await reserved;
    const second = order(key);
    await untilSomeoneWaitsOnALock(await db());
    letGo();
    await first;
    expect(await second).toMatchObject({ ok: false, failure: { code: "LIMIT_KEY_DAILY" } });
    expect(await getNumberCalls(suffix)).toBe(0);
  });

  it("a lost order's hold counts against the key only until sync would have listed its number", async () => {
    const { key } = await freshKey();
    const { spentToday, KEY_HOLD_MS } = await import("./spend");
    const { utcDayStart } = await import("./arithmetic");
    const now = Date.now();
    const orderId = randomUUID();
    await (await db())
      .insertInto("order_requests")
      .values({ order_id: orderId, team_id: team, key_id: key.id, status: "unknown", created_at: now, updated_at: now })
      .execute();
    await (await db())
      .insertInto("spend_reservations")
      .values({ order_id: orderId, team_id: team, key_id: key.id, user_id: "u-lost", amount: price, created_at: now })
      .execute();
    const keySpend = async (at: number) => spentToday(await db(), { scope: "key", keyId: key.id }, utcDayStart(now), at);
    const member = { scope: "member", teamId: team, userId: "u-lost", email: "lost@example.test" } as const;
    expect(await keySpend(now)).toBeCloseTo(price, 6);
    // Later (sync has listed the number if one was bought, and that number counts): the hold ends
    // for the key, not for the member, whose spend a number found by sync does not show.
    expect(await keySpend(now + KEY_HOLD_MS + 1)).toBe(0);
    expect(await spentToday(await db(), member, utcDayStart(now), now + KEY_HOLD_MS + 1)).toBeCloseTo(price, 6);
  });

  it("counts an order whose call is under way (its reservation) until it settles", async () => {
    const { key, suffix } = await freshKey();
    await mod.limits.setKeyLimits(team, admin, key.id, { dailyLimit: price * 1.5, lowBalanceThreshold: null });
    // The first order's getNumber is slow; the second arrives meanwhile.
    await h.fault({ action: "getNumberV2", kind: "slow", delayMs: 600 });
    const slow = order(key);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await order(key)).toMatchObject({ ok: false, failure: { code: "LIMIT_KEY_DAILY" } });
    expect(await slow).toMatchObject({ ok: true });
    expect(await getNumberCalls(suffix)).toBe(1);
  });
});

describe("setting limits", () => {
  it("audits each change, refuses another team's key or member, and shows the threshold to the team", async () => {
    const { key } = await freshKey();
    expect(await mod.limits.setKeyLimits(team, admin, key.id, { dailyLimit: 12.5, lowBalanceThreshold: 3 })).toEqual({ ok: true, value: { keyId: key.id } });
    expect(await mod.limits.setKeyLimits("another-team", admin, key.id, { dailyLimit: 1, lowBalanceThreshold: null })).toMatchObject({
      ok: false,
      failure: { code: "KEY_NOT_FOUND" },
    });
    expect(await mod.limits.setMemberLimit("another-team", admin, await adminMemberId(), 1)).toMatchObject({
      ok: false,
      failure: { code: "MEMBER_NOT_FOUND" },
    });
    const rows = await (await db()).selectFrom("audit_log").selectAll().where("action", "like", "limits.%").where("key_id", "=", key.id).execute();
    expect(rows.map((r) => r.detail)).toEqual(["daily limit 12.5, low balance under 3"]);
    const account = await mod.queries.getAccountSummary(team);
    expect(account.keys.find((k) => k.id === key.id)?.lowBalanceThreshold).toBe(3);
    const [listed] = await mod.limits.listKeyLimits(team, [key.id]);
    expect(listed).toMatchObject({ dailyLimit: 12.5, lowBalanceThreshold: 3, spentToday: 0 });
  });
});
