import "server-only";
import { getDb } from "@/lib/db";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { providerNow } from "@/lib/keys/provider-clock";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import type { AccountResponse, ActivationsResponse } from "./dto";
import { listActivations, toDto } from "./repository";

/** Ended activations stay in the table this long, so operators see how theirs ended. */
const RECENT_MS = 24 * 60 * 60_000;

/** What the activations table shows. Reads our database only: never a provider call. */
export async function getActivationsView(key: ProviderKey): Promise<ActivationsResponse> {
  const rows = await listActivations(await getDb(), key.id, Date.now() - RECENT_MS);
  return {
    providerNowMs: providerNow(key.id),
    earlyCancelSeconds: key.earlyCancelSeconds,
    activations: rows.map(toDto),
  };
}

/** The header's balance and sync health, from what the sync loop recorded. */
export async function getAccountSummary(key: ProviderKey): Promise<AccountResponse> {
  const db = await getDb();
  const status = await db
    .selectFrom("key_status")
    .select(["balance", "balance_at", "last_sync_at", "last_error"])
    .where("key_id", "=", key.id)
    .executeTakeFirst();
  return {
    balance: status?.balance ?? null,
    balanceAtMs: status?.balance_at == null ? null : Number(status.balance_at),
    lastSyncAtMs: status?.last_sync_at == null ? null : Number(status.last_sync_at),
    syncError: status?.last_error ? (await translateFailure({ code: status.last_error })).message : null,
  };
}
