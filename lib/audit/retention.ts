import "server-only";
import type { Kysely } from "kysely";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { deleteOlderThan } from "@/lib/db/batched-delete";
import type { Database } from "@/lib/db/schema";

// Audit retention. The log is append-only, but not forever: rows older than AUDIT_RETENTION_DAYS
// are pruned daily (lib/audit/retention-schedule.ts). The database decides what may go, not this
// code: the audit_log_no_delete trigger (migration 0004; PL/pgSQL in lib/db/postgres-audit.ts)
// refuses deleting any row younger than the retention stored in app_state, judged by the
// database's own clock, and never younger than MIN_RETENTION_DAYS whatever app_state says.
// Updates (and TRUNCATE) are refused always. The app writes app_state itself, so a bug or an
// injected query with the app's rights could lower the stored retention and then delete rows
// down to the 30-day floor: the floor is the guarantee, the configured retention is not.

/** The app_state row the trigger reads. */
export const RETENTION_STATE = "audit_retention_days";
/** Hard floor, also written into the trigger. */
export const MIN_RETENTION_DAYS = 30;
export const DAY_MS = 86_400_000;
/** The trigger compares with whole seconds of its own clock: stay clear of that edge. */
const MARGIN_MS = 60_000;

/** Writes the retention the trigger enforces (done before every prune, so it follows the env). */
export async function writeRetention(db: Kysely<Database>, days: number): Promise<void> {
  await db
    .insertInto("app_state")
    .values({ name: RETENTION_STATE, value: String(days) })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value: String(days) }))
    .execute();
}

/** Deletes audit rows older than the retention; returns how many. */
export async function pruneAudit(now = Date.now()): Promise<number> {
  const days = Math.max(MIN_RETENTION_DAYS, env().AUDIT_RETENTION_DAYS);
  const db = await getDb();
  await writeRetention(db, days);
  const cutoff = now - days * DAY_MS - MARGIN_MS;
  return deleteOlderThan(db, { table: "audit_log", key: "id", column: "at" }, cutoff);
}
