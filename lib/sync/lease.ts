import "server-only";
import { type Kysely, sql } from "kysely";
import type { Database } from "@/lib/db";
import { sqlNowMs } from "@/lib/db/engine";

// A key's sync lease: whoever holds it runs that key's sync passes, so across every instance
// sharing the database exactly one loop calls the provider for a key. One row per key
// (sync_leases): the holder, an epoch that grows each time the lease changes hands, and an
// expiry on the database's clock (instances' clocks may disagree; the database's is one clock).
//
// Holder ids are parameters (the registry passes instanceId()), so one test process can play
// several instances.

export type HeldLease = {
  epoch: number;
  /**
   * Our own clock's bound on the lease: the local time before the statement was sent plus the
   * TTL. The database wrote its expiry no earlier, and nobody can take the lease before that
   * expiry, so while Date.now() is below this the lease is ours without asking the database.
   */
  validUntilMs: number;
  /**
   * The same bound on performance.now()'s monotonic clock (immune to wall-clock steps): what
   * holds() and the pass's per-request deadline compare against.
   */
  validUntilMono: number;
};

/**
 * Takes, renews or steals the lease, in one conditional statement: a new row is ours; an
 * existing one becomes ours only if we already hold it (renewal: same epoch) or it has expired
 * (a steal, or taking back our own expired lease: epoch + 1 when the holder changes). Null when
 * another holder's lease is still live.
 */
export async function takeLease(
  db: Kysely<Database>,
  keyId: string,
  holder: string,
  ttlMs: number,
): Promise<HeldLease | null> {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new Error("lease TTL must be a positive number of ms");
  const sentAt = Date.now();
  const sentAtMono = performance.now();
  const now = sqlNowMs(db);
  const row = await db
    .insertInto("sync_leases")
    .values({ key_id: keyId, holder, epoch: 1, expires_at: sql<number>`${now} + ${ttlMs}` })
    .onConflict((oc) =>
      oc
        .column("key_id")
        .doUpdateSet({
          holder: (eb) => eb.ref("excluded.holder"),
          epoch: sql<number>`CASE WHEN sync_leases.holder = excluded.holder THEN sync_leases.epoch ELSE sync_leases.epoch + 1 END`,
          expires_at: (eb) => eb.ref("excluded.expires_at"),
        })
        .where((eb) => eb.or([eb("sync_leases.holder", "=", holder), eb("sync_leases.expires_at", "<", now)])),
    )
    .returning(["holder", "epoch"])
    .executeTakeFirst();
  if (!row || row.holder !== holder) return null;
  return { epoch: Number(row.epoch), validUntilMs: sentAt + ttlMs, validUntilMono: sentAtMono + ttlMs };
}

/** Asks the database whether `holder` still holds the lease under `epoch` (not expired). */
export async function stillHolds(db: Kysely<Database>, keyId: string, holder: string, epoch: number): Promise<boolean> {
  const row = await db
    .selectFrom("sync_leases")
    .select("key_id")
    .where("key_id", "=", keyId)
    .where("holder", "=", holder)
    .where("epoch", "=", epoch)
    .where("expires_at", ">", sqlNowMs(db))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Gives up `holder`'s leases (all, or those of `keyIds`) by expiring them now, so another
 * instance takes them on its next try instead of waiting out the TTL (a clean stop, SIGTERM).
 */
export async function releaseLeases(db: Kysely<Database>, holder: string, keyIds?: string[]): Promise<void> {
  if (keyIds && keyIds.length === 0) return;
  let query = db
    .updateTable("sync_leases")
    .set({ expires_at: sql<number>`${sqlNowMs(db)} - 1` })
    .where("holder", "=", holder);
  if (keyIds) query = query.where("key_id", "in", keyIds);
  await query.execute();
}
