import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testDatabaseUrl } from "@/lib/testing/test-database";

// The provider rate shared by every instance: one rate_buckets row per key, one atomic
// statement per grant, on the database's clock. Two SharedTokenBucket objects on one database
// play two instances; grant times are the database's own (refilled_at), so the bound is checked
// exactly, on both engines.

let db: Kysely<Database>;
let shared: typeof import("./shared-bucket");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-bucket-"));

beforeAll(async () => {
  process.env.DATABASE_URL = await testDatabaseUrl(dir);
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  db = await (await import("@/lib/db")).getDb();
  shared = await import("./shared-bucket");
  // Migrating a fresh PostgreSQL database takes several seconds on a busy machine.
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every window [t_i, t_j] between grants holds at most burst + rate × its length grants. */
function maxExcess(times: number[], rate: number, burst: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const allowed = burst + (rate * ((sorted[j] as number) - (sorted[i] as number))) / 1000;
      worst = Math.max(worst, j - i + 1 - allowed);
    }
  }
  return worst;
}

describe("shared token bucket", () => {
  it("grants a full burst at once to a new key, then refuses with the wait until the next token", async () => {
    const grants = [];
    for (let i = 0; i < 3; i++) grants.push(await shared.takeSharedToken(db, "burst-key", 2, 3));
    expect(grants.every((g) => g.granted)).toBe(true);
    const refused = await shared.takeSharedToken(db, "burst-key", 2, 3);
    expect(refused.granted).toBe(false);
    // One token at 2/s is due within 500 ms.
    if (!refused.granted) expect(refused.waitMs).toBeGreaterThan(0);
    if (!refused.granted) expect(refused.waitMs).toBeLessThanOrEqual(500);
    const row = await db.selectFrom("rate_buckets").selectAll().where("key_id", "=", "burst-key").executeTakeFirstOrThrow();
    expect(Number(row.tokens)).toBeGreaterThanOrEqual(0);
    expect(Number(row.tokens)).toBeLessThan(1);
  });

  it("never lets two instances together exceed burst + rate × seconds in any window", async () => {
    const rate = 20;
    const burst = 20;
    const a = new shared.SharedTokenBucket(async () => db, "pair-key", rate, burst);
    const b = new shared.SharedTokenBucket(async () => db, "pair-key", rate, burst);
    const started = Date.now();
    const times = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).acquire()),
    );
    const elapsed = Date.now() - started;
    expect(maxExcess(times, rate, burst)).toBeLessThanOrEqual(1e-6);
    // And the limit is not wasted: 40 grants past the burst at 20/s take about 2 s.
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(6000);
  });

  it("keeps a fractional rate (2.5/s, burst 3) for two instances", async () => {
    const a = new shared.SharedTokenBucket(async () => db, "slow-key", 2.5, 3);
    const b = new shared.SharedTokenBucket(async () => db, "slow-key", 2.5, 3);
    const times = await Promise.all(Array.from({ length: 7 }, (_, i) => (i % 2 === 0 ? a : b).acquire()));
    expect(maxExcess(times, 2.5, 3)).toBeLessThanOrEqual(1e-6);
  });

  it("serves one instance's callers in the order they asked", async () => {
    const a = new shared.SharedTokenBucket(async () => db, "order-key", 10, 2);
    const b = new shared.SharedTokenBucket(async () => db, "order-key", 10, 2);
    const order: number[] = [];
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => a.acquire().then(() => order.push(i))),
      ...Array.from({ length: 4 }, () => b.acquire()),
    ]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("keeps separate keys apart", async () => {
    expect((await shared.takeSharedToken(db, "key-x", 1, 1)).granted).toBe(true);
    expect((await shared.takeSharedToken(db, "key-y", 1, 1)).granted).toBe(true);
    expect((await shared.takeSharedToken(db, "key-x", 1, 1)).granted).toBe(false);
  });

  it("refuses a rate or burst that would never grant", async () => {
    await expect(shared.takeSharedToken(db, "bad", 0, 1)).rejects.toThrow(/rate/);
    await expect(shared.takeSharedToken(db, "bad", 1, 0)).rejects.toThrow(/burst/);
  });
});
