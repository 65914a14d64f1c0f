import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshTestDatabase } from "@/lib/testing/test-database";

// Order records past their week go, in batches; younger ones, whatever their state, stay (on
// SQLite and, with TEST_DATABASE_URL, PostgreSQL).

let database: { remove: () => void };
let db: Awaited<ReturnType<typeof import("@/lib/db")["getDb"]>>;
let prune: typeof import("./order-prune");

const NOW = Date.UTC(2026, 11, 7, 12, 0);
let n = 0;

beforeAll(async () => {
  database = await useFreshTestDatabase("order-prune");
  db = await (await import("@/lib/db")).getDb();
  prune = await import("./order-prune");
});
afterAll(() => database.remove());

async function order(createdAt: number, status = "done"): Promise<string> {
  const orderId = `order-${++n}`;
  await db
    .insertInto("order_requests")
    .values({
      order_id: orderId,
      team_id: "t1",
      key_id: "k1",
      status,
      activation_id: status === "done" ? String(n) : null,
      failure_code: null,
      created_at: createdAt,
      updated_at: createdAt,
    })
    .execute();
  return orderId;
}

const remaining = async () =>
  (await db.selectFrom("order_requests").select("order_id").orderBy("order_id").execute()).map(
    (r) => r.order_id,
  );

describe("pruneOrderRequests", () => {
  it("deletes records older than a week, in batches, and keeps the rest whatever their state", async () => {
    const week = prune.ORDER_REQUEST_RETENTION_MS;
    const old: string[] = [];
    for (let i = 0; i < 7; i++) old.push(await order(NOW - week - 1 - i * 60_000));
    const kept = [
      await order(NOW - week + 1, "pending"),
      await order(NOW - 3 * 86_400_000, "unknown"),
      await order(NOW - 60_000, "failed"),
      await order(NOW),
    ];
    // Seven rows in batches of three: three statements, all of them gone.
    expect(await prune.pruneOrderRequests(db, NOW, 3)).toBe(7);
    expect((await remaining()).sort()).toEqual([...kept].sort());
    expect(await prune.pruneOrderRequests(db, NOW, 3)).toBe(0);
    expect(old.length).toBe(7);
  });
});
