import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testDatabaseUrl, testEngine } from "@/lib/testing/test-database";
import type { Database } from "./schema";

// A PostgreSQL backend can go away under the app at any time (a server restart, a failover, an
// operator's pg_terminate_backend). pg then emits 'error' on the client; with no handler Node
// would end the whole process. Here the pool's connections and the LISTEN connection are killed
// from an admin connection: the process lives on (vitest fails the run on any uncaught error),
// the query in flight fails like any database error, and the next query works.

const postgres = testEngine() === "postgres";
const PASSWORD_IN_URL = "not-a-real-password-4f1c";
let dir: string;
let url: string;
let db: Kysely<Database>;
let notify: typeof import("./notify");
let logged: ReturnType<typeof vi.spyOn>;

beforeAll(async () => {
  if (!postgres) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-terminate-"));
  url = await testDatabaseUrl(dir);
  // A password in the URL (ignored over the local socket) that must never reach a log line.
  const withPassword = new URL(url);
  withPassword.password = PASSWORD_IN_URL;
  process.env.DATABASE_URL = withPassword.toString();
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  logged = vi.spyOn(console, "error").mockImplementation(() => {});
  db = await (await import("@/lib/db")).getDb();
  notify = await import("./notify");
});
afterAll(async () => {
  logged?.mockRestore();
  await notify?.stopListening();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Terminates this database's app connections (pool and LISTEN); returns how many. */
async function terminate(where = "true"): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'sms-desk%' AND (${where})`,
    );
    return rows.filter((r) => r.done).length;
  } finally {
    await admin.end();
  }
}

const works = async () => (await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows[0]?.one;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(postgres)("a terminated PostgreSQL backend", () => {
  it("idle pooled connections: the pool drops them and the next query works", async () => {
    // Several connections open at once, then back in the pool, idle.
    await Promise.all([1, 2, 3].map(() => sql`SELECT pg_sleep(0.05)`.execute(db)));
    expect(await terminate("application_name = 'sms-desk'")).toBeGreaterThanOrEqual(3);
    await sleep(200);
    expect(await works()).toBe(1);
    expect(await db.selectFrom("app_state").selectAll().execute()).toEqual([]);
    // Reported, without the URL or its password.
    expect(logged).toHaveBeenCalled();
    for (const call of logged.mock.calls) expect(String(call.join(" "))).not.toContain(PASSWORD_IN_URL);
  });

  it("a query in flight fails like any database error, and the next query works", async () => {
    const running = sql`SELECT pg_sleep(5)`.execute(db);
    const outcome = running.then(
      () => "finished",
      (error: Error) => error.message,
    );
    for (let i = 0; i < 50 && (await terminate("query LIKE 'SELECT pg_sleep(5)%'")) === 0; i++) await sleep(20);
    expect(await outcome).toMatch(/terminat|connection/i);
    expect(await works()).toBe(1);
  });

  it("a transaction whose backend goes away rolls back as a whole, and the next transaction works", async () => {
    const write = db.transaction().execute(async (trx) => {
      await trx.insertInto("app_state").values({ name: "half-done", value: "1" }).execute();
      await sql`SELECT pg_sleep(5)`.execute(trx);
    });
    const outcome = write.then(
      () => "committed",
      (error: Error) => error.message,
    );
    for (let i = 0; i < 50 && (await terminate("query LIKE 'SELECT pg_sleep(5)%'")) === 0; i++) await sleep(20);
    expect(await outcome).toMatch(/terminat|connection/i);
    await db.transaction().execute((trx) => trx.insertInto("app_state").values({ name: "after", value: "1" }).execute());
    expect((await db.selectFrom("app_state").select("name").execute()).map((r) => r.name)).toEqual(["after"]);
  });

  it("the LISTEN connection reconnects, says so, and notices flow again", async () => {
    const resumed = new Promise<void>((resolve) => notify.onNoticesResumed(resolve));
    expect(await terminate("application_name = 'sms-desk-listen'")).toBe(1);
    await resumed;
    const received = new Promise<string>((resolve) => notify.listen("sms_desk_changes", resolve));
    await db.transaction().execute((trx) => notify.notify(trx, "sms_desk_changes", '{"probe":1}'));
    expect(await received).toBe('{"probe":1}');
  }, 20_000);
});
