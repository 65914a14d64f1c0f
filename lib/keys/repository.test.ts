import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useFreshTestDatabase } from "@/lib/testing/test-database";

// The writes other modules make to a key (on SQLite and, with TEST_DATABASE_URL, PostgreSQL):
// what they store, and when they tell open tables (a change notice) and when they stay quiet.

const notices = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/db/change-notice", () => ({
  publishChange: async (_db: unknown, keyId: string) => void notices.push(keyId),
}));

let database: { remove: () => void };
let db: Awaited<ReturnType<typeof import("@/lib/db")["getDb"]>>;
let repo: typeof import("./repository");
const KEY = "key-1";
const T = Date.UTC(2026, 11, 7, 12, 0);

beforeAll(async () => {
  database = await useFreshTestDatabase("key-repository");
  db = await (await import("@/lib/db")).getDb();
  repo = await import("./repository");
  await db
    .insertInto("provider_keys")
    .values({
      id: KEY,
      team_id: "team-a",
      name: "Main",
      provider: "custom",
      base_url: "http://127.0.0.1:1",
      secret_sealed: "sealed",
      secret_hint: "1234",
      created_by: "u1",
      enabled: 1,
      early_cancel_seconds: 120,
      lifetime_seconds: 1200,
      tz_offset_minutes: 0,
      clock_offset_ms: 0,
      created_at: T,
      updated_at: T,
    })
    .execute();
});
afterAll(() => database.remove());
beforeEach(() => {
  notices.length = 0;
});

const stored = () =>
  db
    .selectFrom("provider_keys")
    .select(["last_used_at", "balance", "balance_at", "last_error", "last_error_at", "last_sync_at", "clock_offset_ms"])
    .where("id", "=", KEY)
    .executeTakeFirstOrThrow();

describe("markKeyUsed", () => {
  it("records when the key was last used", async () => {
    await repo.markKeyUsed(db, KEY, T + 5);
    expect(Number((await stored()).last_used_at)).toBe(T + 5);
  });
});

describe("recordBalance", () => {
  it("stores every balance read, and tells open tables only when it changed", async () => {
    await db.transaction().execute((trx) => repo.recordBalance(trx, KEY, 12.5, T));
    expect(notices).toEqual([KEY]);
    await db.transaction().execute((trx) => repo.recordBalance(trx, KEY, 12.5, T + 1000));
    expect(notices).toEqual([KEY]);
    const row = await stored();
    expect(Number(row.balance)).toBe(12.5);
    expect(Number(row.balance_at)).toBe(T + 1000);
    await db.transaction().execute((trx) => repo.recordBalance(trx, KEY, 11, T + 2000));
    expect(notices).toEqual([KEY, KEY]);
  });
});

describe("recordSyncStatus", () => {
  it("stores the pass's error or success and the clock offset, with a notice only for a change worth one", async () => {
    await repo.recordSyncStatus(db, KEY, "NETWORK", 0, T);
    expect(await stored()).toMatchObject({ last_error: "NETWORK" });
    expect(Number((await stored()).last_error_at)).toBe(T);
    expect(notices).toEqual([KEY]);

    // The same error again, the clock within a second of before: nothing for the tables.
    await repo.recordSyncStatus(db, KEY, "NETWORK", 900, T + 1);
    expect(notices).toEqual([KEY]);
    expect(Number((await stored()).clock_offset_ms)).toBe(900);

    // The provider's clock moved by a second or more: a notice.
    await repo.recordSyncStatus(db, KEY, "NETWORK", 2000, T + 2);
    expect(notices).toEqual([KEY, KEY]);

    // Sync works again: the error clears, the pass is dated, and the tables are told.
    await repo.recordSyncStatus(db, KEY, null, 2000, T + 3);
    const row = await stored();
    expect(row.last_error).toBeNull();
    expect(Number(row.last_sync_at)).toBe(T + 3);
    expect(notices).toEqual([KEY, KEY, KEY]);
  });

  it("does nothing for a key that is gone", async () => {
    await repo.recordSyncStatus(db, "no-such-key", "NETWORK", 0, T);
    expect(notices).toEqual([]);
  });
});
