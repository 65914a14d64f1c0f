import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshTestDatabase } from "@/lib/testing/test-database";
import { utcDayStart } from "./arithmetic";

// Pruning spend reservations (on SQLite and, with TEST_DATABASE_URL, PostgreSQL): only rows from
// before today (UTC) minus a margin go; today's stay and still count against the limits.

let database: { remove: () => void };
let db: Awaited<ReturnType<typeof import("@/lib/db")["getDb"]>>;
let prune: typeof import("./spend-prune");
let spend: typeof import("./spend");

const HOUR = 3_600_000;
// 00:30 UTC: yesterday's last hour is inside the margin, today is half an hour old.
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
  it("deletes only rows from before today minus the margin, keeping today's counted", async () => {
    const who = { team: "t-keep", user: "u-keep", key: "k-keep" };
    const old = [
      await reservation(TODAY - 2 * 24 * HOUR, who),
      await reservation(TODAY - prune.PRUNE_MARGIN_MS - 1, who),
    ];
    const inMargin = await reservation(TODAY - prune.PRUNE_MARGIN_MS + 1, who);
    const today = [await reservation(TODAY, who), await reservation(NOW - 60_000, who)];
    const member = {
      scope: "member",
      teamId: who.team,
      userId: who.user,
      email: "nobody@x.test",
    } as const;
    const key = { scope: "key", keyId: who.key } as const;
    const before = {
      member: await spend.spentToday(db, member, TODAY, NOW),
      key: await spend.spentToday(db, key, TODAY, NOW),
    };
    expect(before.member).toBeCloseTo(2 * 1.25, 6);

    expect(await prune.pruneSpendReservations(db, NOW)).toBe(2);
    expect(await left([...old, inMargin, ...today])).toEqual([inMargin, ...today].sort());
    // What today's limits count is unchanged: the member's whole day, the key's recent hold.
    expect(await spend.spentToday(db, member, TODAY, NOW)).toBeCloseTo(before.member, 6);
    expect(await spend.spentToday(db, key, TODAY, NOW)).toBeCloseTo(before.key, 6);
    expect(before.key).toBeCloseTo(1.25, 6);
  });

  it("never deletes a row a key hold still counts, even just after midnight", () => {
    for (const now of [TODAY, TODAY + 1, NOW, TODAY + 24 * HOUR - 1]) {
      expect(prune.reservationPruneCutoff(now)).toBeLessThanOrEqual(now - spend.KEY_HOLD_MS);
      expect(prune.reservationPruneCutoff(now)).toBeLessThan(utcDayStart(now));
    }
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
