import "server-only";
import { recordPushedCode } from "@/lib/activations/repository";
import { appendAudit } from "@/lib/audit/append";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { sourceAllowed } from "./allow-list";
import { parseWebhookPayload } from "./payload";
import { tokenKeyId, tokenMatches } from "./token";

// What POST /api/webhooks/<token> does with a push, in the order that keeps refusals cheap and
// change-free: the token (constant-time, lib/webhooks/token.ts), the source address, then the
// body, then one transaction that records the delivery (idempotency) and the code. Nothing is
// written for a refusal or a repeat; an accepted push writes the code, its delivery row and one
// audit row (actor "webhook"), and the change notice makes open tables refetch at once.

/** The answer to the provider: its status and a short plain-text body (never provider data). */
export type PushAnswer = { status: number; body: string };

/** Deliveries are kept this long: providers retry for minutes, not days. */
const DELIVERY_RETENTION_MS = 7 * 86_400_000;

export type PushKey = { keyId: string; teamId: string };

/** The key a token opens, if the token is right and the source allowed; otherwise the refusal. */
export async function authenticatePush(token: string, address: string | null): Promise<PushKey | PushAnswer> {
  const keyId = tokenKeyId(token);
  const row = keyId
    ? await (await getDb())
        .selectFrom("key_webhooks")
        .innerJoin("provider_keys", "provider_keys.id", "key_webhooks.key_id")
        .select(["key_webhooks.token_hash", "key_webhooks.allowed_sources", "provider_keys.team_id", "provider_keys.deleted_at"])
        .where("key_webhooks.key_id", "=", keyId)
        .executeTakeFirst()
    : undefined;
  // Compared even without a row, so an unknown key and a wrong token take the same time.
  if (!tokenMatches(token, row?.token_hash) || !row || !keyId || row.deleted_at !== null) {
    return { status: 404, body: "not found" };
  }
  if (!sourceAllowed(row.allowed_sources, address)) {
    log.warn({ keyId }, "webhook push refused: source address not in the key's allow-list");
    return { status: 403, body: "source not allowed" };
  }
  return { keyId, teamId: row.team_id };
}

/** Records a push for an authenticated key. */
export async function applyPush(key: PushKey, contentType: string, body: string): Promise<PushAnswer> {
  const parsed = parseWebhookPayload(contentType, body);
  if (parsed.kind === "invalid") return { status: 400, body: parsed.reason };
  if (parsed.kind === "ignored") return { status: 200, body: `ignored: ${parsed.reason}` };
  const { push } = parsed;
  // The provider's time identifies the SMS; without one, the code does.
  const receivedAt = push.receivedAt ?? `code:${push.code}`;
  const db = await getDb();
  const outcome = await db.transaction().execute(async (trx) => {
    const now = Date.now();
    // The row first: an unknown or another key's activation writes nothing at all.
    const exists = await trx
      .selectFrom("activations")
      .select("id")
      .where("key_id", "=", key.keyId)
      .where("id", "=", push.activationId)
      .executeTakeFirst();
    if (!exists) return "unknown" as const;
    const delivered = await trx
      .insertInto("webhook_deliveries")
      .values({ key_id: key.keyId, activation_id: push.activationId, received_at: receivedAt, at: now })
      .onConflict((oc) => oc.columns(["key_id", "activation_id", "received_at"]).doNothing())
      .returning("at")
      .executeTakeFirst();
    if (!delivered) return "duplicate" as const;
    const gained = await recordPushedCode(trx, key.keyId, push.activationId, { code: push.code, text: push.text }, now);
    await appendAudit(trx, {
      team_id: key.teamId,
      actor: "webhook",
      action: "webhook.code",
      key_id: key.keyId,
      activation_id: push.activationId,
      detail: push.receivedAt,
      outcome: "ok",
      // Whether this push brought the code, or sync (or an earlier push at another time) had it.
      result: gained ? "CODE_RECEIVED" : "CODE_KNOWN",
    });
    await trx.deleteFrom("webhook_deliveries").where("at", "<", now - DELIVERY_RETENTION_MS).execute();
    return "recorded" as const;
  });
  // Unknown: maybe bought elsewhere and not listed by sync yet; a non-200 makes the provider
  // retry (20–30 s later), by when sync has the row.
  if (outcome === "unknown") return { status: 404, body: "unknown activation" };
  return { status: 200, body: outcome === "duplicate" ? "duplicate" : "ok" };
}
