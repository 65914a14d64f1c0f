import "server-only";
import type { Kysely } from "kysely";
import { getMigrations } from "better-auth/db/migration";
import { authOptions } from "@/lib/auth/options";
import { dbHandle } from "./handle";
import { migrateToLatest } from "./migrations";
import type { Database } from "./schema";

export type { Database, ReceivedCode } from "./schema";

const store = globalThis as unknown as { smsDeskDbReady?: Promise<Kysely<Database>> };

async function migrate(): Promise<Kysely<Database>> {
  const db = dbHandle();
  // better-auth's own tables (users, sessions, teams, members, rate limits), then ours.
  const auth = await getMigrations(authOptions());
  await auth.runMigrations();
  await migrateToLatest(db as Kysely<unknown>);
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
