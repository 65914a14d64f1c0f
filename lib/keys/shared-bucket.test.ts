import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testDatabaseUrl } from "@/lib/testing/test-database";
import { maxExcess, servedOrder } from "./bucket-test-kit";

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

  it("never lets two instances together exceed burst + rate × seconds in any window, whatever the mix of classes", async () => {
    const rate = 20;
    const burst = 20;
    const a = new shared.SharedTokenBucket(async () => db, "pair-key", rate, burst);
    const b = new shared.SharedTokenBucket(async () => db, "pair-key", rate, burst);
    const started = Date.now();
    const times = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).acquire(i % 3 === 0 ? "user" : "background")),
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
    const times = await Promise.all(
      Array.from({ length: 7 }, (_, i) => (i % 2 === 0 ? a : b).acquire(i % 3 === 0 ? "user" : "background")),
    );
    expect(maxExcess(times, 2.5, 3)).toBeLessThanOrEqual(1e-6);
  });

  it("serves one instance's callers in the order they asked", async () => {
    const a = new shared.SharedTokenBucket(async () => db, "order-key", 10, 2);
    const b = new shared.SharedTokenBucket(async () => db, "order-key", 10, 2);
    const order: number[] = [];
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => a.acquire("user").then(() => order.push(i))),
      ...Array.from({ length: 4 }, () => b.acquire("user")),
    ]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("serves one instance's user calls before its waiting background calls", async () => {
    const a = new shared.SharedTokenBucket(async () => db, "class-key", 10, 1);
    expect(await servedOrder(a.acquire)).toEqual(["b0", "u0", "u1", "b1", "b2"]);
  });

  it("keeps a token for user calls in the row, whichever instance asks", async () => {
    // 1/s, burst 3: background calls take two at once, then wait a second for the bucket to hold two again.
    const rate = 1;
    const a = new shared.SharedTokenBucket(async () => db, "reserve-key", rate, 3);
    const b = new shared.SharedTokenBucket(async () => db, "reserve-key", rate, 3);
    const background = [a.acquire("background"), a.acquire("background")];
    const first = await Promise.all(background);
    const third = a.acquire("background");
    let thirdDone = false;
    void third.then(() => {
      thirdDone = true;
    });
    // Another instance's click gets the token the background calls left, without waiting for it.
    const click = await b.acquire("user");
    expect(thirdDone).toBe(false);
    expect(click - Math.max(...first)).toBeLessThan(500);
    const late = await third;
    expect(maxExcess([...first, click, late], rate, 3)).toBeLessThanOrEqual(1e-6);
    // After the click the row holds less than two: the background call waited for the refill.
    expect(late - click).toBeGreaterThanOrEqual(900);
  });

  it("refuses a call that would take the reserve, with the wait until the bucket holds it again", async () => {
    expect((await shared.takeSharedToken(db, "held-key", 2, 3, 1)).granted).toBe(true);
    expect((await shared.takeSharedToken(db, "held-key", 2, 3, 1)).granted).toBe(true);
    const refused = await shared.takeSharedToken(db, "held-key", 2, 3, 1);
    expect(refused.granted).toBe(false);
    // Holding ~1 token, two are due within ~500 ms at 2/s.
    if (!refused.granted) expect(refused.waitMs).toBeGreaterThan(0);
    if (!refused.granted) expect(refused.waitMs).toBeLessThanOrEqual(500);
    // Without the reserve the last token is there.
    expect((await shared.takeSharedToken(db, "held-key", 2, 3, 0)).granted).toBe(true);
    expect((await shared.takeSharedToken(db, "held-key", 2, 3, 0)).granted).toBe(false);
  });

  it("keeps separate keys apart", async () => {
    expect((await shared.takeSharedToken(db, "key-x", 1, 1)).granted).toBe(true);
    expect((await shared.takeSharedToken(db, "key-y", 1, 1)).granted).toBe(true);
    expect((await shared.takeSharedToken(db, "key-x", 1, 1)).granted).toBe(false);
  });

  it("refuses a rate or burst that would never grant", async () => {
    await expect(shared.takeSharedToken(db, "bad", 0, 1)).rejects.toThrow(/rate/);
    await expect(shared.takeSharedToken(db, "bad", 1, 0)).rejects.toThrow(/burst/);
    await expect(shared.takeSharedToken(db, "bad", 1, 2, 2)).rejects.toThrow(/reserve/);
  });
});
