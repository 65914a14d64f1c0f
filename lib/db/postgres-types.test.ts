import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl, testEngine } from "@/lib/testing/test-database";
import type { Database } from "./schema";

// The types PostgreSQL gets where the engines differ (issue 8): money is double precision (its
// `real` is 4 bytes: 12.34 would read back as 12.3400001525879), the audit log's id is an
// identity column, better-auth's dates are timestamptz (read as Date, see epochMs), and bigint
// (our epoch-millisecond columns, count(*), sums) reads as a number as on SQLite, not a string.

const postgres = testEngine() === "postgres";
let dir: string;
let db: Kysely<Database>;

beforeAll(async () => {
  if (!postgres) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-pgtypes-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir);
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  db = await (await import("@/lib/db")).getDb();
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

type Column = { table_name: string; column_name: string; data_type: string; is_identity: string };

async function columns(): Promise<Column[]> {
  const { rows } = await sql<Column>`
    SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns
    WHERE table_schema = current_schema() ORDER BY table_name, column_name`.execute(db);
  return rows;
}
const typeOf = (all: Column[], table: string, column: string) =>
  all.find((c) => c.table_name === table && c.column_name === column)?.data_type;

describe.runIf(postgres)("the PostgreSQL schema", () => {
  it("keeps money (and the token bucket's tokens) in double precision, never 4-byte real", async () => {
    const all = await columns();
    expect(typeOf(all, "provider_keys", "balance")).toBe("double precision");
    expect(typeOf(all, "activations", "cost")).toBe("double precision");
    expect(typeOf(all, "rate_buckets", "tokens")).toBe("double precision");
    expect(all.filter((c) => c.data_type === "real")).toEqual([]);
    await sql`INSERT INTO rate_buckets (key_id, tokens, refilled_at) VALUES ('k', ${12.34}, 0)`.execute(db);
    const { tokens } = await db.selectFrom("rate_buckets").select("tokens").executeTakeFirstOrThrow();
    expect(tokens).toBe(12.34);
  });

  it("numbers audit rows with a bigint identity column", async () => {
    const all = await columns();
    expect(all.find((c) => c.table_name === "audit_log" && c.column_name === "id")).toMatchObject({
      data_type: "bigint",
      is_identity: "YES",
    });
    const values = { at: Date.now(), actor: "a@b.test", action: "key.create", outcome: "ok", result: "OK", duration_ms: 0 };
    const first = await db.insertInto("audit_log").values(values).returning("id").executeTakeFirstOrThrow();
    const second = await db.insertInto("audit_log").values(values).returning("id").executeTakeFirstOrThrow();
    expect(typeof first.id).toBe("number");
    expect(second.id).toBeGreaterThan(first.id);
  });

  it("gives better-auth's date columns timestamptz, read as Date objects", async () => {
    const all = await columns();
    // Every camelCase column ending in At is one of better-auth's dates (ours are snake_case).
    const authDates = all.filter((c) => /^[a-z][A-Za-z]*At$/.test(c.column_name));
    expect(authDates.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
      expect.arrayContaining(["user.createdAt", "session.expiresAt", "member.createdAt", "invitation.expiresAt"]),
    );
    for (const column of authDates) expect({ column, type: column.data_type }).toMatchObject({ type: "timestamp with time zone" });
    await sql`INSERT INTO "user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
      VALUES ('u1', 'U', 'u@x.test', false, ${new Date(0).toISOString()}, ${new Date(0).toISOString()})`.execute(db);
    const user = await db.selectFrom("user").select("createdAt").where("id", "=", "u1").executeTakeFirstOrThrow();
    expect(user.createdAt).toBeInstanceOf(Date);
    // Booleans are real booleans there (SQLite stores 0/1).
    const { rows } = await sql<{ emailVerified: unknown }>`SELECT "emailVerified" FROM "user" WHERE id = 'u1'`.execute(db);
    expect(rows[0]?.emailVerified).toBe(false);
  });

  it("reads bigint columns, count(*) and sums as numbers, as SQLite does", async () => {
    const at = 1_764_000_000_123;
    await db
      .insertInto("audit_log")
      .values({ at, actor: "a@b.test", action: "key.update", outcome: "ok", result: "OK", duration_ms: 7 })
      .execute();
    const row = await db.selectFrom("audit_log").select(["at", "id"]).where("at", "=", at).executeTakeFirstOrThrow();
    expect(row.at).toBe(at);
    const totals = await db
      .selectFrom("audit_log")
      .select(({ fn }) => [fn.countAll().as("rows"), fn.sum("at").as("at_sum"), fn.sum("duration_ms").as("ms_sum")])
      .where("at", "=", at)
      .executeTakeFirstOrThrow();
    expect(totals).toEqual({ rows: 1, at_sum: at, ms_sum: 7 });
  });
});
