import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";

// The actions a team rule asked for and the provider refused, kept in the database rather than
// in the process: after a lease hand-over the key's next sync holder honours the back-off
// instead of calling the provider again at once. Our clock, like the lease.

/** An action the provider refused is not tried again for this long (the row usually changes first). */
export const RETRY_AFTER_MS = 60_000;

type Db = Kysely<Database>;

export function refusalId(activationId: string, action: string): string {
  return `${activationId}:${action}`;
}

/**
 * The key's refused attempts still inside their back-off (as refusalId). Expired ones are deleted,
 * written only when there are some: most passes read nothing and write nothing.
 */
export async function activeRefusals(
  db: Db,
  keyId: string,
  nowMs = Date.now(),
): Promise<Set<string>> {
  const rows = await db
    .selectFrom("rule_refusals")
    .select(["activation_id", "action", "retry_after"])
    .where("key_id", "=", keyId)
    .execute();
  const active = new Set<string>();
  let expired = false;
  for (const r of rows) {
    // bigint: a string on PostgreSQL.
    if (Number(r.retry_after) > nowMs) active.add(refusalId(r.activation_id, r.action));
    else expired = true;
  }
  if (expired)
    await db
      .deleteFrom("rule_refusals")
      .where("key_id", "=", keyId)
      .where("retry_after", "<=", nowMs)
      .execute();
  return active;
}

export async function rememberRefusal(
  db: Db,
  keyId: string,
  activationId: string,
  action: string,
  nowMs = Date.now(),
): Promise<void> {
  const retryAfter = nowMs + RETRY_AFTER_MS;
  await db
    .insertInto("rule_refusals")
    .values({ key_id: keyId, activation_id: activationId, action, retry_after: retryAfter })
    .onConflict((oc) =>
      oc.columns(["key_id", "activation_id", "action"]).doUpdateSet({ retry_after: retryAfter }),
    )
    .execute();
}

/** Expired refusals of keys whose rules no longer run (rules off, key deleted): the daily prune's. */
export async function pruneExpiredRefusals(db: Db, nowMs = Date.now()): Promise<number> {
  const result = await db.deleteFrom("rule_refusals").where("retry_after", "<=", nowMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
