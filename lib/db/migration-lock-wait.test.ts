import pg from "pg";
import { describe, expect, it } from "vitest";
import { createPostgresDatabase, testEngine } from "@/lib/testing/test-database";

// An instance starting while another migrates waits for the migration lock as long as that
// takes, not DATABASE_STATEMENT_TIMEOUT_MS: the wait (and the migrations) run on a pool of their
// own without a statement timeout. PostgreSQL only (SQLite has no migration lock).

describe.runIf(testEngine() === "postgres")("the migration lock", () => {
  it("is waited for longer than the statement timeout", async () => {
    const url = await createPostgresDatabase("lockwait");
    Object.assign(process.env, {
      DATABASE_URL: url,
      SMS_DESK_SECRET: "unit-test-master-secret-0123456789abcdef",
      LOG_LEVEL: "silent",
      DATABASE_STATEMENT_TIMEOUT_MS: "500",
    });
    const { getDb, MIGRATION_LOCK } = await import("./index");
    // "The first instance", migrating for longer than the timeout.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    const release = setTimeout(() => void other.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]), 2000);
    try {
      const db = await getDb();
      const row = await db.selectFrom("sync_leases").select("key_id").executeTakeFirst();
      expect(row).toBeUndefined();
      // The app's own pool keeps its statement timeout.
      const { rows } = await (await import("kysely")).sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(db);
      expect(rows[0]?.statement_timeout).toBe("500ms");
      await db.destroy();
    } finally {
      clearTimeout(release);
      await other.end();
    }
  }, 30_000);
});
