import "server-only";
import type { Kysely } from "kysely";
import { env } from "@/lib/config/env";
import { openDatabase } from "./connection";
import type { Database } from "./schema";

// The process's one connection (SQLite) or pool (PostgreSQL), opened on first use (never at
// import: `next build` imports route modules and must not create a database). Kept on globalThis
// because instrumentation, route and action bundles each get their own module instances.
const store = globalThis as unknown as { smsDeskDbHandle?: Kysely<Database> };

/** The connection, not yet migrated: only for better-auth's configuration and for getDb(). */
export function dbHandle(): Kysely<Database> {
  store.smsDeskDbHandle ??= openDatabase(env().DATABASE_URL, postgresOptions()).db;
  return store.smsDeskDbHandle;
}

export function postgresOptions() {
  const e = env();
  return {
    poolSize: e.DATABASE_POOL_SIZE,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    // Logged without the URL: it may carry a password.
    onError: (error: Error) => console.error(`PostgreSQL connection error: ${error.message}`),
  };
}
