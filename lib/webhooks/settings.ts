import "server-only";
import type { Kysely, Transaction } from "kysely";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/schema";
import { isLiveTeamKey } from "@/lib/keys/provider-keys";
import { decryptSecret, encryptSecret } from "@/lib/keys/vault";
import type { Outcome } from "@/lib/result";
import { normalizeAllowList } from "./allow-list";
import { newWebhookToken, webhookTokenHash } from "./token";

// A key's webhook as admins manage it on /keys. Every key of a team gets one the first time its
// admins list them (keys from before this feature included); Rotate replaces the token, so the
// old URL stops working at once. The token is sealed by the vault (its own associated data, so
// it cannot be swapped with the key's secret) to show the URL again, and hashed to check pushes.

export type WebhookDto = {
  keyId: string;
  keyName: string;
  /** Null when the vault cannot read the sealed token (another master secret): Rotate fixes it. */
  url: string | null;
  /** Normalized "a, b/24", or "" for pushes from anywhere. */
  allowedSources: string;
};

type Db = Kysely<Database> | Transaction<Database>;

const sealContext = (keyId: string) => `${keyId}:webhook`;

export function webhookUrl(token: string): string {
  return `${env().APP_URL.replace(/\/+$/, "")}/api/webhooks/${token}`;
}

function tokenColumns(keyId: string, nowMs: number) {
  const token = newWebhookToken(keyId);
  return { token_hash: webhookTokenHash(token), token_sealed: encryptSecret(token, sealContext(keyId)), updated_at: nowMs };
}

/** Gives every live key of the team without a webhook one (ON CONFLICT: another admin's list). */
async function ensureWebhooks(db: Db, teamId: string): Promise<void> {
  const missing = await db
    .selectFrom("provider_keys")
    .leftJoin("key_webhooks", "key_webhooks.key_id", "provider_keys.id")
    .select("provider_keys.id")
    .where("provider_keys.team_id", "=", teamId)
    .where("provider_keys.deleted_at", "is", null)
    .where("key_webhooks.key_id", "is", null)
    .execute();
  if (missing.length === 0) return;
  const now = Date.now();
  await db
    .insertInto("key_webhooks")
    .values(missing.map(({ id }) => ({ key_id: id, ...tokenColumns(id, now), allowed_sources: null, created_at: now })))
    .onConflict((oc) => oc.column("key_id").doNothing())
    .execute();
}

export async function listTeamWebhooks(teamId: string): Promise<WebhookDto[]> {
  const db = await getDb();
  await ensureWebhooks(db, teamId);
  const rows = await db
    .selectFrom("key_webhooks")
    .innerJoin("provider_keys", "provider_keys.id", "key_webhooks.key_id")
    .select(["key_webhooks.key_id", "key_webhooks.token_sealed", "key_webhooks.allowed_sources", "provider_keys.name"])
    .where("provider_keys.team_id", "=", teamId)
    .where("provider_keys.deleted_at", "is", null)
    .orderBy("provider_keys.created_at")
    .execute();
  return rows.map((row) => ({
    keyId: row.key_id,
    keyName: row.name,
    url: readUrl(row.key_id, row.token_sealed),
    allowedSources: row.allowed_sources ?? "",
  }));
}

function readUrl(keyId: string, sealed: string): string | null {
  try {
    return webhookUrl(decryptSecret(sealed, sealContext(keyId)));
  } catch {
    return null;
  }
}

/** Runs `write` on the team's live key's webhook row (created first if missing), audited. */
async function changeWebhook(
  teamId: string,
  actor: Actor,
  keyId: string,
  audit: { action: string; detail: string | null },
  write: (trx: Transaction<Database>, now: number) => Promise<void>,
): Promise<Outcome<{ id: string }>> {
  const db = await getDb();
  const done = await db.transaction().execute(async (trx) => {
    if (!(await isLiveTeamKey(trx, teamId, keyId))) return false;
    await ensureWebhooks(trx, teamId);
    const now = Date.now();
    await write(trx, now);
    await appendAudit(trx, {
      team_id: teamId,
      actor_id: actor.id,
      actor: actor.label,
      action: audit.action,
      key_id: keyId,
      detail: audit.detail,
      outcome: "ok",
      result: "OK",
    });
    return true;
  });
  return done ? { ok: true, value: { id: keyId } } : { ok: false, failure: { code: "KEY_NOT_FOUND" } };
}

/** A new token: the old URL is refused from the moment this commits. */
export function rotateWebhookToken(teamId: string, actor: Actor, keyId: string) {
  return changeWebhook(teamId, actor, keyId, { action: "key.webhook_rotate", detail: null }, async (trx, now) => {
    await trx.updateTable("key_webhooks").set(tokenColumns(keyId, now)).where("key_id", "=", keyId).execute();
  });
}

/** Sets the addresses/CIDRs pushes may come from ("" or blank: anywhere). */
export async function setWebhookSources(teamId: string, actor: Actor, keyId: string, text: string): Promise<Outcome<{ id: string }>> {
  const parsed = normalizeAllowList(text);
  if (!parsed.ok) return { ok: false, failure: { code: "WEBHOOK_SOURCE_INVALID", params: { entry: parsed.invalid } } };
  const detail = parsed.value ?? "anywhere";
  return changeWebhook(teamId, actor, keyId, { action: "key.webhook_sources", detail }, async (trx, now) => {
    await trx.updateTable("key_webhooks").set({ allowed_sources: parsed.value, updated_at: now }).where("key_id", "=", keyId).execute();
  });
}
