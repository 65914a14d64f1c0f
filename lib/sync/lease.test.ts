import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testDatabaseUrl } from "@/lib/testing/test-database";

// The sync lease's one statement, on both engines, with two holder ids playing two instances:
// take, renew (same epoch), refusal while the other's lease is live, steal after expiry (epoch
// + 1), release, and the database-side check a pass can make.

let db: Kysely<Database>;
let lease: typeof import("./lease");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-lease-"));
const A = "instance-a";
const B = "instance-b";
let keyId = "";
let n = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  process.env.DATABASE_URL = await testDatabaseUrl(dir);
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  db = await (await import("@/lib/db")).getDb();
  lease = await import("./lease");
  // Migrating a fresh PostgreSQL database takes several seconds on a busy machine.
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  keyId = `key-${++n}`;
});

const row = () => db.selectFrom("sync_leases").selectAll().where("key_id", "=", keyId).executeTakeFirstOrThrow();

describe("sync lease", () => {
  it("is taken by the first holder with epoch 1, and refused to a second while it is live", async () => {
    const before = Date.now();
    const taken = await lease.takeLease(db, keyId, A, 10_000);
    expect(taken?.epoch).toBe(1);
    expect(taken?.validUntilMs).toBeGreaterThanOrEqual(before + 10_000);
    expect(await lease.takeLease(db, keyId, B, 10_000)).toBeNull();
    expect(await row()).toMatchObject({ holder: A, epoch: 1 });
  });

  it("is renewed by its holder under the same epoch, pushing the expiry on", async () => {
    await lease.takeLease(db, keyId, A, 5000);
    const first = Number((await row()).expires_at);
    await sleep(20);
    expect((await lease.takeLease(db, keyId, A, 5000))?.epoch).toBe(1);
    expect(Number((await row()).expires_at)).toBeGreaterThan(first);
  });

  it("is stolen after expiry with the next epoch, and the old holder can no longer renew it", async () => {
    await lease.takeLease(db, keyId, A, 100);
    expect(await lease.takeLease(db, keyId, B, 10_000)).toBeNull();
    await sleep(150);
    expect((await lease.takeLease(db, keyId, B, 10_000))?.epoch).toBe(2);
    expect(await lease.takeLease(db, keyId, A, 10_000)).toBeNull();
    expect(await row()).toMatchObject({ holder: B, epoch: 2 });
  });

  it("answers stillHolds for the holder's current epoch only, until it expires", async () => {
    await lease.takeLease(db, keyId, A, 150);
    expect(await lease.stillHolds(db, keyId, A, 1)).toBe(true);
    expect(await lease.stillHolds(db, keyId, B, 1)).toBe(false);
    await sleep(200);
    expect(await lease.stillHolds(db, keyId, A, 1)).toBe(false);
    await lease.takeLease(db, keyId, B, 10_000);
    expect(await lease.stillHolds(db, keyId, A, 1)).toBe(false);
    expect(await lease.stillHolds(db, keyId, B, 2)).toBe(true);
  });

  it("is released by its holder only, and then taken at once by another", async () => {
    await lease.takeLease(db, keyId, A, 60_000);
    await lease.releaseLeases(db, B);
    expect(await lease.takeLease(db, keyId, B, 60_000)).toBeNull();
    await lease.releaseLeases(db, A, [keyId]);
    expect(await lease.stillHolds(db, keyId, A, 1)).toBe(false);
    expect((await lease.takeLease(db, keyId, B, 60_000))?.epoch).toBe(2);
  });

  it("released with a key list, leaves the holder's other leases alone", async () => {
    const other = `${keyId}-other`;
    await lease.takeLease(db, keyId, A, 60_000);
    await lease.takeLease(db, other, A, 60_000);
    await lease.releaseLeases(db, A, [other]);
    expect(await lease.stillHolds(db, keyId, A, 1)).toBe(true);
    expect(await lease.stillHolds(db, other, A, 1)).toBe(false);
    await lease.releaseLeases(db, A, []);
    expect(await lease.stillHolds(db, keyId, A, 1)).toBe(true);
  });

  it("taken back by its own holder after expiry keeps the epoch (nobody else ran in between)", async () => {
    await lease.takeLease(db, keyId, A, 100);
    await sleep(150);
    expect((await lease.takeLease(db, keyId, A, 10_000))?.epoch).toBe(1);
  });

  it("goes to exactly one of two holders racing for it", async () => {
    const results = await Promise.all([A, B, A, B].map((h) => lease.takeLease(db, keyId, h, 10_000)));
    const winner = (await row()).holder;
    results.forEach((result, i) => {
      expect(result !== null).toBe([A, B, A, B][i] === winner);
    });
    expect((await row()).epoch).toBe(1);
  });

  it("refuses a TTL that is not a positive number of milliseconds", async () => {
    await expect(lease.takeLease(db, keyId, A, 0)).rejects.toThrow(/TTL/);
    await expect(lease.takeLease(db, keyId, A, 1.5)).rejects.toThrow(/TTL/);
  });
});
