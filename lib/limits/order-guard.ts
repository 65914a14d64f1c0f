import "server-only";
import type { Transaction } from "kysely";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { getDb } from "@/lib/db";
import { lockName } from "@/lib/db/engine";
import type { Database } from "@/lib/db/schema";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import type { Failure } from "@/lib/result";
import { exceededLimit, type LimitState, money, utcDayStart } from "./arithmetic";
import { orderCost } from "./order-cost";
import { type SpendSubject, spentToday } from "./spend";
import { limitsFor } from "./store";

// The spending limits on the server's order path (lib/activations/order.ts), so every way of
// buying (the dialog, bulk, smart buy) goes through them. Two steps:
// - before the order's claim: which limits apply, and the order's cost (order-cost.ts), which
//   may need getPrices, so it runs outside any transaction;
// - in the claim's transaction: take the member's and the key's limit locks (PostgreSQL: advisory,
//   key first, then member, always in that order; SQLite: its write transactions already run one
//   at a time), read today's spend, and either hold the cost (a reservation) or throw
//   LimitRefused, which rolls the claim back: no intent row, no provider call. The refusal is
//   then audited on its own (outcome "refused") and returned as a translated failure.

type Trx = Transaction<Database>;
type OrderFacts = { service: string; country: string; maxPrice?: number };

export class LimitRefused extends Error {
  constructor(
    readonly failure: Failure,
    readonly note: string,
  ) {
    super(failure.code);
    this.name = "LimitRefused";
  }
}

export type SpendingGuard = {
  /** In the claim's transaction: true with the cost held, or throws LimitRefused. */
  reserve(trx: Trx, orderId: string): Promise<true>;
  /** For the order's `.catch`: a LimitRefused audited and returned as a failure; anything else rethrown. */
  refusal(error: unknown): Promise<{ ok: false; failure: Failure }>;
  /**
   * The most the order may cost, when a limit was checked against a price the operator did not
   * set (the cached price): sent as getNumber's maxPrice, so a price that rose since is refused
   * (WRONG_MAX_PRICE) instead of spending past the amount checked. Undefined otherwise.
   */
  maxPrice?: number;
};

const CODES = { member: "LIMIT_MEMBER_DAILY", key: "LIMIT_KEY_DAILY" } as const;

export async function spendingGuardFor(key: ProviderKey, order: OrderFacts, actor: Actor): Promise<SpendingGuard> {
  const limits = await limitsFor(await getDb(), key.teamId, key.id, actor.id);
  const refusal = async (error: unknown): Promise<{ ok: false; failure: Failure }> => {
    if (!(error instanceof LimitRefused)) throw error;
    await appendAudit(await getDb(), {
      team_id: key.teamId,
      actor_id: actor.id,
      actor: actor.label,
      key_id: key.id,
      action: "getNumber",
      detail: `${order.service}/${order.country}${order.maxPrice === undefined ? "" : ` max ${order.maxPrice}`}; ${error.note}`,
      outcome: "refused",
      result: error.failure.code,
    });
    return { ok: false, failure: error.failure };
  };
  if (limits.key === null && limits.member === null) return { reserve: async () => true, refusal };

  const cost = await orderCost(key, order, actor);
  const subjects: { limit: number | null; subject: SpendSubject }[] = [
    { limit: limits.key, subject: { scope: "key", keyId: key.id } },
    { limit: limits.member, subject: { scope: "member", teamId: key.teamId, userId: actor.id, email: actor.label } },
  ];
  return {
    refusal,
    maxPrice: order.maxPrice === undefined && cost !== null ? cost : undefined,
    async reserve(trx, orderId) {
      const now = Date.now();
      const states: LimitState[] = [];
      for (const { limit, subject } of subjects) {
        if (limit === null) continue;
        await lockName(trx, subject.scope === "key" ? `spend:key:${subject.keyId}` : `spend:member:${subject.teamId}:${subject.userId}`);
        states.push({ scope: subject.scope, limit, spent: await spentToday(trx, subject, utcDayStart(now)) });
      }
      if (cost === null) throw new LimitRefused({ code: "LIMIT_PRICE_UNKNOWN" }, "price unknown under a limit");
      const passed = exceededLimit(states, cost);
      if (passed) {
        const params = { limit: money(passed.limit), spent: money(passed.spent), cost: money(cost), key: key.name };
        throw new LimitRefused(
          { code: CODES[passed.scope], params },
          `${passed.scope} limit ${params.limit}, spent today ${params.spent}, this order ${params.cost}`,
        );
      }
      await trx
        .insertInto("spend_reservations")
        .values({ order_id: orderId, team_id: key.teamId, key_id: key.id, user_id: actor.id, amount: cost, created_at: now })
        // The same order id again after a call that was never sent (its claim released).
        .onConflict((oc) => oc.column("order_id").doUpdateSet({ amount: cost, created_at: now }))
        .execute();
      return true;
    },
  };
}
