import "server-only";
import type { Kysely, Selectable, Transaction } from "kysely";
import { derivedKey } from "@/lib/config/master-key";
import { getDb } from "@/lib/db";
import type { Database, ProviderKeysTable } from "@/lib/db/schema";
import { clearSecretUnreadable, recordSecretUnreadable, SECRET_UNREADABLE } from "./health";
import { adoptStoredOffset } from "./provider-clock";
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
  /** Empty when the vault cannot decrypt it: brokenCode is then SECRET_UNREADABLE. */
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

/** The secret, or null when this vault cannot decrypt it (another master secret, damage). */
export function readSecret(row: Pick<KeyRow, "id" | "secret_sealed">): string | null {
  // Outside the try: a missing or invalid master secret is a configuration error to report,
  // not a reason to mark every key unreadable.
  const vaultKey = derivedKey("vault");
  try {
    return decryptSecret(row.secret_sealed, row.id, vaultKey);
  } catch {
    return null;
  }
}

/**
 * Decrypts one key on its own: an unreadable secret marks that key (keyBlock then refuses any
 * call with it, with a reason an admin can act on) instead of failing every key read with it.
 */
async function toProviderKey(row: KeyRow): Promise<ProviderKey> {
  const secret = readSecret(row);
  let brokenCode = row.broken_code;
  if (secret === null && brokenCode !== SECRET_UNREADABLE) {
    await recordSecretUnreadable({ id: row.id, teamId: row.team_id, sealed: row.secret_sealed });
    brokenCode = SECRET_UNREADABLE;
  } else if (secret !== null && brokenCode === SECRET_UNREADABLE) {
    await clearSecretUnreadable(row.id, row.secret_sealed);
    brokenCode = null;
  }
  // The sync holder's measurement of the provider's clock, unless we have a fresher one.
  adoptStoredOffset(row.id, Number(row.clock_offset_ms));
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    baseUrl: row.base_url,
    secret: secret ?? "",
    earlyCancelSeconds: row.early_cancel_seconds,
    lifetimeSeconds: row.lifetime_seconds,
    tzOffsetMinutes: row.tz_offset_minutes,
    bannedUntilMs: row.banned_until === null ? null : Number(row.banned_until),
    brokenCode,
  };
}

/** The ids of every enabled key: which sync loops should run (no secret is decrypted). */
export async function listEnabledKeyIds(): Promise<string[]> {
  const rows = await (await getDb())
    .selectFrom("provider_keys")
    .select("id")
    .where("enabled", "=", 1)
    .where("deleted_at", "is", null)
    .execute();
  return rows.map((row) => row.id);
}

/** Every enabled key of every team: what the sync loops run for. */
export async function listEnabledKeys(): Promise<ProviderKey[]> {
  const rows = await (await getDb())
    .selectFrom("provider_keys")
    .selectAll()
    .where("enabled", "=", 1)
    .where("deleted_at", "is", null)
    .execute();
  // One at a time: a key that cannot be read is marked, the others load as usual.
  const keys: ProviderKey[] = [];
  for (const row of rows) keys.push(await toProviderKey(row));
  return keys;
}

/**
 * Looks at every key of a team, enabled or not, so the keys page shows which one needs its
 * secret again (and which one is readable again) before sync has touched it.
 */
export async function checkTeamKeysReadable(teamId: string): Promise<void> {
  const rows = await (await getDb())
    .selectFrom("provider_keys")
    .selectAll()
    .where("team_id", "=", teamId)
    .where("deleted_at", "is", null)
    .execute();
  for (const row of rows) await toProviderKey(row);
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
  return row ? await toProviderKey(row) : null;
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
  return row ? await toProviderKey(row) : null;
}

/**
 * Whether `keyId` is a key of `teamId` that has not been deleted (enabled or not), read in the
 * caller's transaction: the check before an admin's per-key setting (webhooks, limits) is written.
 */
export async function isLiveTeamKey(
  db: Kysely<Database> | Transaction<Database>,
  teamId: string,
  keyId: string,
): Promise<boolean> {
  const key = await db
    .selectFrom("provider_keys")
    .select("id")
    .where("id", "=", keyId)
    .where("team_id", "=", teamId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return key !== undefined;
}
