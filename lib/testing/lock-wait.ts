import { type Kysely, sql } from "kysely";
import { testEngine } from "./test-database";

/**
 * Until another connection waits on a lock held by the test (PostgreSQL). SQLite has one
 * connection: whoever runs next simply waits for the test's transaction, so just give it a moment.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database shape.
export async function untilSomeoneWaitsOnALock(db: Kysely<any>): Promise<void> {
  if (testEngine() !== "postgres") {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return;
  }
  const started = Date.now();
  while (Date.now() - started < 10_000) {
    const waiting = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
    if ((waiting.rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("nobody waited on the lock");
}
