import "server-only";
import type { Kysely, Transaction } from "kysely";
import type { Actor } from "@/lib/auth/actor";
import { auditedProviderCall, type CallOutcome, type Recorded } from "@/lib/audit/provider-call";
import { type Database, getDb } from "@/lib/db";
import { storedFailureCode } from "@/lib/i18n/translate-failure";
import { keyBlock, recordKeyFault } from "@/lib/keys/health";
import { providerClientFor } from "@/lib/keys/provider-client";
import { parseProviderInstant, providerNow } from "@/lib/keys/provider-clock";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import { markKeyUsed } from "@/lib/keys/repository";
import { spendingGuardFor } from "@/lib/limits/order-guard";
import type { NumberOrder } from "@/lib/provider";
import { operatorToSend } from "@/lib/provider/codes";
import type { Outcome } from "@/lib/result";
import { callSettleBoundMs } from "./in-flight";
import { requestSync } from "@/lib/sync/sync-requests";
import type { ActivationDto } from "./dto";
import { insertOrdered } from "./repository";
import { findActivation, toDto } from "./rows";

export type OrderInput = {
  service: string;
  country: string;
  maxPrice?: number;
  /** The operator chosen in the dialog (an OPERATOR_CODE); absent or "any": whichever. */
  operator?: string;
  /** Idempotency key from the dialog: a form submitted twice buys one number. */
  orderId: string;
  /**
   * Asked in the claim's transaction, before anything is written: false makes no call and
   * returns ORDER_NOT_WANTED. A smart buy checks there that nobody stopped it since its attempt
   * was fenced (lib/smart-buy/runner.ts): the check and the claim commit together.
   */
  stillWanted?: (trx: Transaction<Database>) => Promise<boolean>;
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
  // Daily limits: checked and the cost held in the claim's transaction, before any getNumber.
  const limits = await spendingGuardFor(key, input, actor);
  let notWanted = false;
  const outcome = await auditedProviderCall({
    audit: {
      team_id: key.teamId,
      actor_id: actor.id,
      actor: actor.label,
      key_id: key.id,
      action: "getNumber",
      detail: orderDetail(input),
    },
    // The order id and the intent row together: a form submitted twice makes one call, and the log
    // says a purchase went out even if this instance dies before the answer (sync then shows the
    // number, if one was bought).
    intent: async (trx) => {
      if (input.stillWanted && !(await input.stillWanted(trx))) {
        notWanted = true;
        return false;
      }
      return (await claimOrder(trx, key, input.orderId)) && limits.reserve(trx, input.orderId);
    },
    // Never sent (the rate limit failed): the order id is free for the user's retry.
    release: (trx) => releaseOrder(trx, input.orderId),
    call: () =>
      providerClientFor(key, { priority: "user" }).getNumber({
        service: input.service,
        country: input.country,
        maxPrice: input.maxPrice ?? limits.maxPrice,
        operator: operatorToSend(input.operator),
      }),
    auditOk: (order) => ({ result: "ACCESS_NUMBER", activation_id: order.activationId }),
    onProviderError: (error) => recordKeyFault(key, error),
    record: (trx, answer, now) => recordOrder(trx, key, input, actor, answer, now),
  }).catch(limits.refusal);
  if (outcome === null) {
    return notWanted ? { ok: false, failure: { code: "ORDER_NOT_WANTED" } } : earlierOutcome(key, input.orderId);
  }
  // Sync shows the number's codes; after a lost answer it shows the number if one was bought.
  if (outcome.ok || outcome.failure.code === "ORDER_UNKNOWN") requestSync(key.id);
  return outcome;
}

/** The audit row's detail: "tg/73", with " max 0.5" and " operator vivo" when asked. */
function orderDetail(input: OrderInput): string {
  const operator = operatorToSend(input.operator);
  const max = input.maxPrice === undefined ? "" : ` max ${input.maxPrice}`;
  return `${input.service}/${input.country}${max}${operator === undefined ? "" : ` operator ${operator}`}`;
}

async function recordOrder(
  trx: Transaction<Database>,
  key: ProviderKey,
  input: OrderInput,
  actor: Actor,
  answer: CallOutcome<NumberOrder>,
  now: number,
): Promise<Recorded<Outcome<ActivationDto>>> {
  if (!answer.ok) {
    const e = answer.error;
    await settleOrder(trx, input.orderId, e.outcomeUnknown ? "unknown" : "failed", null, e.outcomeUnknown ? "ORDER_UNKNOWN" : e.code);
    const params: Record<string, string | number> = {};
    if (e.minPrice !== undefined) params.minPrice = e.minPrice;
    if (e.bannedUntil) params.until = e.bannedUntil;
    return { value: { ok: false, failure: { code: e.outcomeUnknown ? "ORDER_UNKNOWN" : e.code, params } } };
  }
  const order = answer.value;
  const purchasedAt = parseProviderInstant(order.activationTime, key.tzOffsetMinutes) ?? providerNow(key.id, now);
  const expiresAt = parseProviderInstant(order.activationEndTime, key.tzOffsetMinutes) ?? purchasedAt + key.lifetimeSeconds * 1000;
  await insertOrdered(
    trx,
    {
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
      created_at: now,
      updated_at: now,
    },
    actor.label,
    now,
  );
  await markKeyUsed(trx, key.id, now);
  await settleOrder(trx, input.orderId, "done", order.activationId, null);
  const row = await findActivation(trx, key.id, order.activationId);
  if (!row) throw new Error("ordered activation not recorded");
  return { value: { ok: true, value: toDto(row) } };
}

/** Claims the order id: false if this order was already placed (or is being placed). */
async function claimOrder(trx: Transaction<Database>, key: ProviderKey, orderId: string): Promise<boolean> {
  const now = Date.now();
  const inserted = await trx
    .insertInto("order_requests")
    .values({ order_id: orderId, team_id: key.teamId, key_id: key.id, status: "pending", created_at: now, updated_at: now })
    .onConflict((oc) => oc.column("order_id").doNothing())
    .executeTakeFirst();
  return inserted.numInsertedOrUpdatedRows === 1n;
}

async function releaseOrder(trx: Transaction<Database>, orderId: string): Promise<void> {
  await trx.deleteFrom("order_requests").where("order_id", "=", orderId).where("status", "=", "pending").execute();
}

/**
 * What a repeated order gets: the first one's activation, its failure, "in progress" while its
 * call may still be under way, and "unknown" once it cannot be (its instance died before
 * recording the answer: sync shows the number if one was bought).
 */
async function earlierOutcome(key: ProviderKey, orderId: string): Promise<Outcome<ActivationDto>> {
  const db = await getDb();
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
    return { ok: false, failure: { code: earlier.failure_code ? storedFailureCode(earlier.failure_code) : "ORDER_UNKNOWN" } };
  }
  if (earlier && Number(earlier.created_at) < Date.now() - callSettleBoundMs()) {
    return { ok: false, failure: { code: "ORDER_UNKNOWN" } };
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
