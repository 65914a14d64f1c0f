import "server-only";
import type { Kysely, Transaction } from "kysely";
import type { Actor } from "@/lib/actions/safe-action";
import { appendAudit } from "@/lib/audit/append";
import { type Database, getDb } from "@/lib/db";
import { keyBlock, recordKeyFault } from "@/lib/keys/health";
import { providerClientFor } from "@/lib/keys/provider-client";
import { parseProviderTime, providerNow } from "@/lib/keys/provider-clock";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import type { Outcome } from "@/lib/result";
import { requestSync } from "@/lib/sync/registry";
import { asProviderError } from "./as-provider-error";
import type { ActivationDto } from "./dto";
import { findActivation, toDto } from "./repository";

export type OrderInput = {
  service: string;
  country: string;
  maxPrice?: number;
  /** Idempotency key from the dialog: a form submitted twice buys one number. */
  orderId: string;
};

/**
 * Buys a number (getNumberV2) and records it as ours. Never retried: a retry could buy twice.
 * The dialog's orderId is claimed first, so a form submitted twice (double click, two tabs,
 * a replayed request) makes one provider call; the repeat gets the first one's result.
 */
export async function orderNumber(
  key: ProviderKey,
  input: OrderInput,
  actor: Actor,
): Promise<Outcome<ActivationDto>> {
  const blocked = keyBlock(key);
  if (blocked) return { ok: false, failure: blocked };
  const db = await getDb();
  const claim = await claimOrder(key, input.orderId);
  if (claim) return claim;
  const started = Date.now();
  const event = {
    team_id: key.teamId,
    actor_id: actor.id,
    actor: actor.label,
    key_id: key.id,
    action: "getNumber",
    detail: `${input.service}/${input.country}${input.maxPrice === undefined ? "" : ` max ${input.maxPrice}`}`,
  };
  try {
    const order = await providerClientFor(key).getNumber(input);
    const now = Date.now();
    const purchasedAt =
      parseProviderTime(order.activationTime, key.tzOffsetMinutes) ?? providerNow(key.id, now);
    const expiresAt =
      parseProviderTime(order.activationEndTime, key.tzOffsetMinutes) ??
      purchasedAt + key.lifetimeSeconds * 1000;
    await db.transaction().execute(async (trx) => {
      await appendAudit(trx, {
        ...event,
        activation_id: order.activationId,
        at: now,
        outcome: "ok",
        result: "ACCESS_NUMBER",
        duration_ms: now - started,
      });
      // Sync may have seen it first (it is in the provider's list at once): keep one row.
      await trx
        .insertInto("activations")
        .values({
          key_id: key.id,
          id: order.activationId,
          phone: order.phoneNumber,
          service: input.service,
          country_code: order.countryCode ?? input.country,
          country_name: null,
          cost: order.activationCost,
          currency: order.currency,
          state: "waiting",
          codes: "[]",
          can_get_another_sms: order.canGetAnotherSms ? 1 : 0,
          purchased_at: purchasedAt,
          expires_at: expiresAt,
          checking: 0,
          origin: "order",
          last_actor: actor.label,
          last_action: "order",
          last_action_at: now,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(["key_id", "id"]).doUpdateSet({
            origin: "order",
            last_actor: actor.label,
            last_action: "order",
            last_action_at: now,
          }),
        )
        .execute();
      await trx.updateTable("provider_keys").set({ last_used_at: now }).where("id", "=", key.id).execute();
      await settleOrder(trx, input.orderId, "done", order.activationId, null);
    });
    requestSync(key.id);
    const row = await findActivation(db, key.id, order.activationId);
    if (!row) throw new Error("ordered activation not recorded");
    return { ok: true, value: toDto(row) };
  } catch (error) {
    const e = asProviderError(error);
    await recordKeyFault(key, e);
    const now = Date.now();
    await settleOrder(db, input.orderId, e.outcomeUnknown ? "unknown" : "failed", null, e.outcomeUnknown ? "ORDER_UNKNOWN" : e.code);
    await appendAudit(db, {
      ...event,
      activation_id: null,
      at: now,
      outcome: e.outcomeUnknown ? "unknown" : "error",
      result: e.token ?? e.code,
      duration_ms: now - started,
    });
    // A lost answer may still have bought a number: sync will show it if so.
    if (e.outcomeUnknown) requestSync(key.id);
    const params: Record<string, string | number> = {};
    if (e.minPrice !== undefined) params.minPrice = e.minPrice;
    if (e.bannedUntil) params.until = e.bannedUntil;
    return { ok: false, failure: { code: e.outcomeUnknown ? "ORDER_UNKNOWN" : e.code, params } };
  }
}

/** Claims the order id; returns the earlier outcome if this order was already placed. */
async function claimOrder(key: ProviderKey, orderId: string): Promise<Outcome<ActivationDto> | null> {
  const db = await getDb();
  const now = Date.now();
  const inserted = await db
    .insertInto("order_requests")
    .values({ order_id: orderId, team_id: key.teamId, key_id: key.id, status: "pending", created_at: now, updated_at: now })
    .onConflict((oc) => oc.column("order_id").doNothing())
    .executeTakeFirst();
  if (inserted.numInsertedOrUpdatedRows === 1n) return null;
  const earlier = await db
    .selectFrom("order_requests")
    .selectAll()
    .where("order_id", "=", orderId)
    .where("team_id", "=", key.teamId)
    .executeTakeFirst();
  if (earlier?.status === "done" && earlier.activation_id) {
    const row = await findActivation(db, earlier.key_id, earlier.activation_id);
    if (row) return { ok: true, value: toDto(row) };
  }
  if (earlier?.status === "failed" || earlier?.status === "unknown") {
    return { ok: false, failure: { code: earlier.failure_code ?? "ORDER_UNKNOWN" } };
  }
  return { ok: false, failure: { code: "ORDER_IN_PROGRESS" } };
}

async function settleOrder(
  db: Kysely<Database> | Transaction<Database>,
  orderId: string,
  status: "done" | "failed" | "unknown",
  activationId: string | null,
  failureCode: string | null,
) {
  await db
    .updateTable("order_requests")
    .set({ status, activation_id: activationId, failure_code: failureCode, updated_at: Date.now() })
    .where("order_id", "=", orderId)
    .execute();
}
