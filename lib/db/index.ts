import "server-only";
import { type Kysely, sql } from "kysely";
import { getMigrations } from "better-auth/db/migration";
import { authOptions } from "@/lib/auth/options";
import { env } from "@/lib/config/env";
import { engineOf } from "./engine";
import { openDatabase } from "./connection";
import { dbHandle, postgresOptions } from "./handle";
import { migrateToLatest } from "./migrations";
import { startListening } from "./notify";
import { postgresConfig } from "./postgres";
import type { Database } from "./schema";

export type { Database, ReceivedCode } from "./schema";

const store = globalThis as unknown as { smsDeskDbReady?: Promise<Kysely<Database>> };

/** Any constant shared by every instance: the cluster-wide migration lock's id. */
export const MIGRATION_LOCK = 0x5d5_de5c;

async function runMigrations(db: Kysely<Database>) {
  // better-auth's own tables (users, sessions, teams, members, rate limits), then ours.
  const auth = await getMigrations({ ...authOptions(), database: { db, type: engineOf(db) } });
  await auth.runMigrations();
  await migrateToLatest(db as Kysely<unknown>);
}

async function migrate(): Promise<Kysely<Database>> {
  const db = dbHandle();
  if (engineOf(db) === "sqlite") {
    await runMigrations(db);
    return db;
  }
  // Two instances starting at once: better-auth's migrations are "create what is missing", which
  // two instances would both try. A session-level advisory lock, held on one connection while
  // the migrations run on others, makes the second instance wait and then find nothing to do.
  // Released by hand, and by the server if this process dies.
  //
  // The wait and the migrations run on a pool of their own, opened for this and closed after,
  // with no statement timeout: under the app pool's (DATABASE_STATEMENT_TIMEOUT_MS) a second
  // instance would fail to start while the first migrates for longer, and a long migration (an
  // index on a big table) would be cancelled. statement_timeout is per session, and better-auth
  // and Kysely's migrator take their own connections, so a SET on the lock connection alone
  // would not cover them.
  const migration = openDatabase(env().DATABASE_URL, { ...postgresOptions(), poolSize: 3, statementTimeoutMs: 0 });
  try {
    await migration.db.connection().execute(async (lockConnection) => {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(lockConnection);
      try {
        await runMigrations(migration.db);
      } finally {
        await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(lockConnection);
      }
    });
  } finally {
    await migration.close();
  }
  // Notices from the other instances (lib/db/notify.ts): one LISTEN connection per process.
  startListening(postgresConfig(env().DATABASE_URL, postgresOptions()));
  return db;
}

/** The migrated database. Migrations run once per process, on first use after start. */
export function getDb(): Promise<Kysely<Database>> {
  store.smsDeskDbReady ??= migrate().catch((error) => {
    store.smsDeskDbReady = undefined;
    throw error;
  });
  return store.smsDeskDbReady;
}
