import "server-only";
import type { Kysely, Transaction } from "kysely";
import { publishChange } from "@/lib/db/change-notice";
import type { Database } from "@/lib/db/schema";

// The writes other modules make to `provider_keys`, each a named step (as lib/activations/
// repository.ts is for `activations`): a click, an order and sync record what they learned about
// a key here instead of writing the row inline. The key's own lifecycle (add, rotate, rename,
// health marks) stays in lib/keys/service.ts and health.ts, the module that owns the table.

type Db = Kysely<Database> | Transaction<Database>;

/** A provider call with the key went through: shown as "last used" on the keys page. */
export async function markKeyUsed(db: Db, keyId: string, nowMs: number): Promise<void> {
  await db.updateTable("provider_keys").set({ last_used_at: nowMs }).where("id", "=", keyId).execute();
}

/**
 * The balance the provider reported. Open tables are told only when it changed: an unchanged one,
 * polled every interval, would refetch every open table.
 */
export async function recordBalance(trx: Transaction<Database>, keyId: string, balance: number, nowMs: number): Promise<void> {
  const before = await trx.selectFrom("provider_keys").select("balance").where("id", "=", keyId).executeTakeFirst();
  await trx.updateTable("provider_keys").set({ balance, balance_at: nowMs }).where("id", "=", keyId).execute();
  if (before?.balance !== balance) await publishChange(trx, keyId);
}

/** Offsets closer than this are the Date header's resolution, not a change worth a notice. */
const OFFSET_NOTICE_MS = 1000;

/**
 * A sync pass's outcome on the key (null: it worked) and the provider clock offset it measured
 * (instances that do not sync this key read it from here). Open tables are told when what they
 * show changed: the sync error appeared, changed or cleared, or the provider's clock moved.
 */
export async function recordSyncStatus(
  db: Kysely<Database>,
  keyId: string,
  errorCode: string | null,
  clockOffsetMs: number,
  nowMs: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("provider_keys")
      .select(["last_error", "clock_offset_ms"])
      .where("id", "=", keyId)
      .executeTakeFirst();
    if (!before) return;
    await trx
      .updateTable("provider_keys")
      .set(
        errorCode
          ? { last_error: errorCode, last_error_at: nowMs, clock_offset_ms: clockOffsetMs }
          : { last_sync_at: nowMs, last_error: null, clock_offset_ms: clockOffsetMs },
      )
      .where("id", "=", keyId)
      .execute();
    const offsetMoved = Math.abs(Number(before.clock_offset_ms) - clockOffsetMs) >= OFFSET_NOTICE_MS;
    if (before.last_error !== errorCode || offsetMoved) await publishChange(trx, keyId);
  });
}
