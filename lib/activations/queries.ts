import "server-only";
import { getDb } from "@/lib/db";
import { storedFailureCode, translateFailure } from "@/lib/i18n/translate-failure";
import { blockedMessage } from "@/lib/keys/health";
import { providerNow } from "@/lib/keys/provider-clock";
import { lowBalanceThresholds } from "@/lib/limits/store";
import type { AccountResponse, KeyTimingDto } from "./dto";

export { RECENT_MS } from "./merge-delta";

export type TeamKeyRow = Awaited<ReturnType<typeof teamKeyRows>>[number];

export async function teamKeyRows(teamId: string) {
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

/** The keys part of the table's answer: small, sent in full with every 200 (./poll.ts). */
export async function keyTimings(keys: TeamKeyRow[], nowMs: number): Promise<KeyTimingDto[]> {
  return Promise.all(
    keys.map(async (k) => ({
      id: k.id,
      name: k.name,
      enabled: k.enabled === 1 && k.deleted_at === null,
      earlyCancelSeconds: k.early_cancel_seconds,
      clockOffsetMs: providerNow(k.id, nowMs) - nowMs,
      blocked: await blockedMessage(k),
    })),
  );
}

/** The header's balances and sync health, from what the sync loops recorded. */
export async function getAccountSummary(teamId: string): Promise<AccountResponse> {
  const keys = (await teamKeyRows(teamId)).filter((k) => k.enabled === 1 && k.deleted_at === null);
  const thresholds = await lowBalanceThresholds(teamId);
  return {
    keys: await Promise.all(
      keys.map(async (k) => ({
        id: k.id,
        name: k.name,
        balance: k.balance,
        balanceAtMs: k.balance_at === null ? null : Number(k.balance_at),
        lastSyncAtMs: k.last_sync_at === null ? null : Number(k.last_sync_at),
        syncError: k.last_error ? (await translateFailure({ code: storedFailureCode(k.last_error) })).message : null,
        lowBalanceThreshold: thresholds.get(k.id) ?? null,
      })),
    ),
  };
}
