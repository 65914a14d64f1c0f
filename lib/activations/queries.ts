import "server-only";
import { getDb } from "@/lib/db";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { blockedMessage } from "@/lib/keys/health";
import { providerNow } from "@/lib/keys/provider-clock";
import type { AccountResponse, ActivationsResponse } from "./dto";
import { listActivations, toDto } from "./rows";

/** Ended activations stay in the table this long, so operators see how theirs ended. */
const RECENT_MS = 24 * 60 * 60_000;

async function teamKeyRows(teamId: string) {
  return (await getDb())
    .selectFrom("provider_keys")
    .select([
      "id",
      "name",
      "enabled",
      "deleted_at",
      "early_cancel_seconds",
      "balance",
      "balance_at",
      "last_sync_at",
      "last_error",
      "banned_until",
      "broken_code",
    ])
    .where("team_id", "=", teamId)
    .orderBy("created_at")
    .execute();
}

/** What the activations table shows. Reads our database only: never a provider call. */
export async function getActivationsView(teamId: string): Promise<ActivationsResponse> {
  const keys = await teamKeyRows(teamId);
  const rows = await listActivations(await getDb(), keys.map((k) => k.id), Date.now() - RECENT_MS);
  const now = Date.now();
  return {
    serverNowMs: now,
    keys: await Promise.all(
      keys.map(async (k) => ({
        id: k.id,
        name: k.name,
        enabled: k.enabled === 1 && k.deleted_at === null,
        earlyCancelSeconds: k.early_cancel_seconds,
        clockOffsetMs: providerNow(k.id, now) - now,
        blocked: await blockedMessage(k),
      })),
    ),
    activations: rows.map(toDto),
  };
}

/** The header's balances and sync health, from what the sync loops recorded. */
export async function getAccountSummary(teamId: string): Promise<AccountResponse> {
  const keys = (await teamKeyRows(teamId)).filter((k) => k.enabled === 1 && k.deleted_at === null);
  return {
    keys: await Promise.all(
      keys.map(async (k) => ({
        id: k.id,
        name: k.name,
        balance: k.balance,
        balanceAtMs: k.balance_at === null ? null : Number(k.balance_at),
        lastSyncAtMs: k.last_sync_at === null ? null : Number(k.last_sync_at),
        syncError: k.last_error ? (await translateFailure({ code: k.last_error })).message : null,
      })),
    ),
  };
}
