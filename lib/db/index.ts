import "server-only";
import type { Kysely } from "kysely";
import { env } from "@/lib/config/env";
import { openDatabase } from "./connection";
import { migrateToLatest } from "./migrations";
import type { Database } from "./schema";

export type { Database, ReceivedCode } from "./schema";

// One connection per server process. Kept on globalThis so dev-mode module reloads reuse it.
const globalForDb = globalThis as unknown as { smsDeskDb?: Promise<Kysely<Database>> };

async function open(): Promise<Kysely<Database>> {
  const db = openDatabase(env().DATABASE_URL);
  await migrateToLatest(db as Kysely<unknown>);
  return db;
}

/** The migrated database. Migrations run once, on first use after start. */
export function getDb(): Promise<Kysely<Database>> {
  globalForDb.smsDeskDb ??= open();
  return globalForDb.smsDeskDb;
}
