import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testDatabaseUrl, testEngine } from "@/lib/testing/test-database";

// Retention: the audit log stays append-only for young rows, even to raw SQL, and the daily prune
// removes only rows older than AUDIT_RETENTION_DAYS (the database trigger checks it, not the app).

let dir: string;
let db: Awaited<ReturnType<typeof import("@/lib/db")["getDb"]>>;
let retention: typeof import("./retention");
let schedule: typeof import("./retention-schedule");
const DAY = 86_400_000;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-retention-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, "retention.db");
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.AUDIT_RETENTION_DAYS = "100";
  process.env.LOG_LEVEL = "silent";
  db = await (await import("@/lib/db")).getDb();
  retention = await import("./retention");
  schedule = await import("./retention-schedule");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

async function row(daysAgo: number, action = "key.create"): Promise<number> {
  const { id } = await db
    .insertInto("audit_log")
    .values({ at: Date.now() - daysAgo * DAY, actor: "a@b.test", action, outcome: "ok", result: "OK", duration_ms: 0 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

const exists = async (id: number) =>
  (await db.selectFrom("audit_log").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
const rawDelete = (id: number) => sql`DELETE FROM audit_log WHERE id = ${id}`.execute(db);
const setRetention = (days: string) =>
  sql`INSERT INTO app_state (name, value) VALUES ('audit_retention_days', ${days})
      ON CONFLICT(name) DO UPDATE SET value = excluded.value`.execute(db);

describe("the audit trigger", () => {
  it("refuses updates of any row, young or old", async () => {
    for (const id of [await row(0), await row(1000)]) {
      await expect(sql`UPDATE audit_log SET result = 'X' WHERE id = ${id}`.execute(db)).rejects.toThrow(/append-only/);
    }
  });

  it("refuses deleting a row younger than the stored retention (400 days when none is stored)", async () => {
    const young = await row(399);
    await expect(rawDelete(young)).rejects.toThrow(/append-only/);
    await setRetention("100");
    const stillYoung = await row(99);
    await expect(rawDelete(stillYoung)).rejects.toThrow(/append-only/);
    expect(await exists(stillYoung)).toBe(true);
    // Old enough for the stored retention: the database lets it go.
    const old = await row(101);
    await rawDelete(old);
    expect(await exists(old)).toBe(false);
  });

  it("never lets a row younger than 30 days go, whatever app_state says", async () => {
    const recent = await row(29);
    for (const value of ["0", "-5", "1", "abc"]) {
      await setRetention(value);
      await expect(rawDelete(recent)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
    }
    expect(await exists(recent)).toBe(true);
    await setRetention("100");
  });

  // SQLite has no TRUNCATE; PostgreSQL's skips row triggers, so a statement trigger refuses it.
  it.runIf(testEngine() === "postgres")("refuses TRUNCATE, even with every row old enough to prune", async () => {
    await setRetention("100");
    const old = await row(5000);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE TABLE audit_log RESTART IDENTITY CASCADE`.execute(db)).rejects.toThrow(/append-only/);
    expect(await exists(old)).toBe(true);
  });
});

describe("pruneAudit", () => {
  it("deletes every row older than AUDIT_RETENTION_DAYS, keeps the rest, and records the retention", async () => {
    await setRetention("400");
    const old = await Promise.all([row(101), row(365), row(5000)]);
    const kept = await Promise.all([row(0), row(50), row(99)]);
    const deleted = await retention.pruneAudit();
    expect(deleted).toBeGreaterThanOrEqual(3);
    for (const id of old) expect(await exists(id)).toBe(false);
    for (const id of kept) expect(await exists(id)).toBe(true);
    const state = await db.selectFrom("app_state").select("value").where("name", "=", retention.RETENTION_STATE).executeTakeFirst();
    expect(state?.value).toBe("100");
    // Nothing left that is old enough: a second run deletes nothing and does not throw.
    expect(await retention.pruneAudit()).toBe(0);
  });
});

describe("dailyPrune", () => {
  it("also deletes spend reservations no limit counts any more, expired rule refusals and week-old order records", async () => {
    const reserve = (orderId: string, at: number) =>
      db.insertInto("spend_reservations").values({ order_id: orderId, team_id: "t", key_id: "k", user_id: "u", amount: 1, created_at: at }).execute();
    await reserve("old-order", Date.now() - 3 * DAY);
    await reserve("new-order", Date.now());
    const refuse = (activationId: string, retryAfter: number) =>
      db.insertInto("rule_refusals").values({ key_id: "k", activation_id: activationId, action: "cancel", retry_after: retryAfter }).execute();
    await refuse("expired", Date.now() - 1);
    await refuse("live", Date.now() + 60_000);
    const order = (orderId: string, at: number) =>
      db.insertInto("order_requests").values({ order_id: orderId, team_id: "t", key_id: "k", status: "done", activation_id: "1", failure_code: null, created_at: at, updated_at: at }).execute();
    await order("week-old-order", Date.now() - 8 * DAY);
    await order("recent-order", Date.now() - 3 * DAY);
    await schedule.dailyPrune();
    const orders = await db.selectFrom("order_requests").select("order_id").execute();
    expect(orders.map((r) => r.order_id)).toEqual(["recent-order"]);
    const left = await db.selectFrom("spend_reservations").select("order_id").execute();
    expect(left.map((r) => r.order_id)).toEqual(["new-order"]);
    const refusals = await db.selectFrom("rule_refusals").select("activation_id").execute();
    expect(refusals.map((r) => r.activation_id)).toEqual(["live"]);
  });
});

describe("startAuditRetention", () => {
  it("prunes soon after start and then daily, sweeps sign-in windows every 5 minutes, and stops", async () => {
    vi.useFakeTimers();
    const prune = vi.fn(async () => 0);
    const sweep = vi.fn(async () => 0);
    const stop = schedule.startAuditRetention({ prune, sweep });
    // A second start in the same process (another bundle's instrumentation) adds no timers.
    schedule.startAuditRetention({ prune, sweep });
    await vi.advanceTimersByTimeAsync(schedule.FIRST_RUN_MS);
    expect(prune).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(prune).toHaveBeenCalledTimes(2);
    expect(sweep).toHaveBeenCalledTimes(DAY / schedule.SWEEP_EVERY_MS);
    stop();
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(prune).toHaveBeenCalledTimes(2);
  });

  it("keeps going when a run fails", async () => {
    vi.useFakeTimers();
    const prune = vi.fn(async () => {
      throw new Error("disk full");
    });
    const stop = schedule.startAuditRetention({ prune, sweep: async () => 0 });
    await vi.advanceTimersByTimeAsync(schedule.FIRST_RUN_MS + DAY);
    expect(prune).toHaveBeenCalledTimes(2);
    stop();
  });
});
