import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshTestDatabase } from "@/lib/testing/test-database";
import { utcDayStart } from "./arithmetic";

// Pruning spend reservations (on SQLite and, with TEST_DATABASE_URL, PostgreSQL): only rows from
// before the UTC day of a server up to an hour behind go; what any server counts stays.

let database: { remove: () => void };
let db: Awaited<ReturnType<typeof import("@/lib/db")["getDb"]>>;
let prune: typeof import("./spend-prune");
let spend: typeof import("./spend");

const HOUR = 3_600_000;
// 00:30 UTC: a server up to an hour behind still judges "today" as yesterday.
const NOW = Date.UTC(2026, 11, 7, 0, 30);
const TODAY = utcDayStart(NOW);
let n = 0;

beforeAll(async () => {
  database = await useFreshTestDatabase("spend-prune");
  db = await (await import("@/lib/db")).getDb();
  prune = await import("./spend-prune");
  spend = await import("./spend");
});
afterAll(() => database.remove());

/** A reservation of a still-pending order (the state that counts), made at `at`. */
async function reservation(
  at: number,
  who = { team: "t1", user: "u1", key: "k1" },
): Promise<string> {
  const orderId = `order-${++n}`;
  await db
    .insertInto("order_requests")
    .values({
      order_id: orderId,
      team_id: who.team,
      key_id: who.key,
      status: "pending",
      activation_id: null,
      failure_code: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto("spend_reservations")
    .values({
      order_id: orderId,
      team_id: who.team,
      key_id: who.key,
      user_id: who.user,
      amount: 1.25,
      created_at: at,
    })
    .execute();
  return orderId;
}

const left = async (ids: string[]) =>
  (
    await db
      .selectFrom("spend_reservations")
      .select("order_id")
      .where("order_id", "in", ids)
      .execute()
  )
    .map((r) => r.order_id)
    .sort();

describe("pruneSpendReservations", () => {
  it("deletes only rows from before the day a server an hour behind is in, keeping what any server counts", async () => {
    const who = { team: "t-keep", user: "u-keep", key: "k-keep" };
    const old = await reservation(TODAY - 2 * 24 * HOUR, who);
    // At 00:30 a server 59 min behind us still lives in yesterday: all of yesterday stays.
    const yesterday = [
      await reservation(TODAY - 24 * HOUR, who),
      await reservation(TODAY - prune.PRUNE_MARGIN_MS - 1, who),
      await reservation(TODAY - 1, who),
    ];
    const today = [await reservation(TODAY, who), await reservation(NOW - 60_000, who)];
    const member = {
      scope: "member",
      teamId: who.team,
      userId: who.user,
      email: "nobody@x.test",
    } as const;
    const key = { scope: "key", keyId: who.key } as const;
    const behindNow = NOW - prune.PRUNE_MARGIN_MS + 60_000;
    const counted = async () => ({
      member: await spend.spentToday(db, member, TODAY, NOW),
      key: await spend.spentToday(db, key, TODAY, NOW),
      memberBehind: await spend.spentToday(db, member, utcDayStart(behindNow), behindNow),
    });
    const before = await counted();
    expect(before.member).toBeCloseTo(2 * 1.25, 6);
    expect(before.key).toBeCloseTo(1.25, 6);
    expect(before.memberBehind).toBeGreaterThanOrEqual(3 * 1.25);

    expect(await prune.pruneSpendReservations(db, NOW)).toBe(1);
    expect(await left([old, ...yesterday, ...today])).toEqual([...yesterday, ...today].sort());
    // What today's limits count is unchanged, on our clock and on the lagging server's.
    const after = await counted();
    expect(after.member).toBeCloseTo(before.member, 6);
    expect(after.key).toBeCloseTo(before.key, 6);
    expect(after.memberBehind).toBeCloseTo(before.memberBehind, 6);
  });

  it("keeps the whole day of any server up to the margin behind, and every key hold", () => {
    for (const now of [TODAY, TODAY + 1, NOW, TODAY + 12 * HOUR, TODAY + 24 * HOUR - 1]) {
      const cutoff = prune.reservationPruneCutoff(now);
      expect(cutoff).toBeLessThanOrEqual(now - spend.KEY_HOLD_MS);
      for (const behind of [0, 60_000, prune.PRUNE_MARGIN_MS]) {
        expect(cutoff).toBeLessThanOrEqual(utcDayStart(now - behind));
      }
    }
    // By midday nobody is in yesterday any more: all of it may go.
    expect(prune.reservationPruneCutoff(TODAY + 12 * HOUR)).toBe(TODAY);
  });

  it("deletes in bounded batches until none is left", async () => {
    const old = [];
    for (let i = 0; i < 7; i++) old.push(await reservation(TODAY - 3 * 24 * HOUR + i));
    const kept = await reservation(NOW);
    expect(await prune.pruneSpendReservations(db, NOW, 3)).toBe(7);
    expect(await left([...old, kept])).toEqual([kept]);
    expect(await prune.pruneSpendReservations(db, NOW, 3)).toBe(0);
  });
});
