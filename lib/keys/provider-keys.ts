import "server-only";
import type { Selectable } from "kysely";
import { getDb } from "@/lib/db";
import type { ProviderKeysTable } from "@/lib/db/schema";
import { decryptSecret } from "./vault";

/**
 * A provider key as the server uses it, secret decrypted. It never leaves lib/: route handlers
 * and actions return KeyDto (lib/keys/dto.ts), which has no secret.
 */
export type ProviderKey = {
  id: string;
  teamId: string;
  name: string;
  baseUrl: string;
  secret: string;
  earlyCancelSeconds: number;
  lifetimeSeconds: number;
  /** Minutes east of UTC of the provider's activationTime strings. */
  tzOffsetMinutes: number;
  /** See lib/keys/health.ts: a ban or a rejected key pauses every call. */
  bannedUntilMs: number | null;
  brokenCode: string | null;
};

export type KeyRow = Selectable<ProviderKeysTable>;

function toProviderKey(row: KeyRow): ProviderKey {
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    baseUrl: row.base_url,
    secret: decryptSecret(row.secret_sealed, row.id),
    earlyCancelSeconds: row.early_cancel_seconds,
    lifetimeSeconds: row.lifetime_seconds,
    tzOffsetMinutes: row.tz_offset_minutes,
    bannedUntilMs: row.banned_until === null ? null : Number(row.banned_until),
    brokenCode: row.broken_code,
  };
}

/** Every enabled key of every team: what the sync loops run for. */
export async function listEnabledKeys(): Promise<ProviderKey[]> {
  const rows = await (await getDb())
    .selectFrom("provider_keys")
    .selectAll()
    .where("enabled", "=", 1)
    .where("deleted_at", "is", null)
    .execute();
  return rows.map(toProviderKey);
}

/** An enabled key by id, for sync. */
export async function getEnabledKey(keyId: string): Promise<ProviderKey | null> {
  const row = await (await getDb())
    .selectFrom("provider_keys")
    .selectAll()
    .where("id", "=", keyId)
    .where("enabled", "=", 1)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return row ? toProviderKey(row) : null;
}

/**
 * A key of this team, never a deleted one; null if it is another team's. Operators' actions
 * pass `enabledOnly`: a disabled key makes no provider call (admins may still test it).
 */
export async function getTeamKey(
  teamId: string,
  keyId: string,
  { enabledOnly = false } = {},
): Promise<ProviderKey | null> {
  let query = (await getDb())
    .selectFrom("provider_keys")
    .selectAll()
    .where("id", "=", keyId)
    .where("team_id", "=", teamId)
    .where("deleted_at", "is", null);
  if (enabledOnly) query = query.where("enabled", "=", 1);
  const row = await query.executeTakeFirst();
  return row ? toProviderKey(row) : null;
}
