import "server-only";
import { orderNumber } from "@/lib/activations/order";
import { getDb } from "@/lib/db";
import { forUpdate } from "@/lib/db/engine";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import { log } from "@/lib/log";
import { planOf, requesterOf, type SmartBuyRow } from "./store";
import {
  type Attempt,
  type AttemptOutcome,
  afterAttempt,
  nextAttempt,
  STILL_PENDING,
} from "./step";

// Runs a key's due smart buys, called by the key's sync holder after each pass (lib/sync/
// registry.ts), so one instance of the cluster walks them; the next holder resumes after a crash.
// Each attempt is fenced, then bought through the dialog's own order path:
// - the fence (one transaction) moves the smart buy's seq from n-1 to n, only while it is running
//   and due, and writes attempt n as "pending": a Stop recorded first means no getNumber, and two
//   runners (a lease hand-over) never both start attempt n;
// - orderNumber with order id "<id>.<n>" claims that id and writes the intent and audit rows
//   before the call, so re-running attempt n after a crash never reaches the provider twice: it
//   gets the first call's outcome (or "in progress", then "unknown" once the call cannot still
//   be under way, which stops the smart buy). Spending limits and key bans apply there too.

/** At most this many attempts per pass: the rest wait for the next pass, sync keeps its rhythm. */
const MAX_ATTEMPTS_PER_PASS = 20;
/** No attempt starts this long after the first of a pass (each may wait up to the provider timeout). */
const TIME_BUDGET_MS = 5_000;
/** How many due smart buys one pass looks at. */
const MAX_DUE = 10;

export async function runDueSmartBuys(
  key: ProviderKey,
  nowMs: number = Date.now(),
  stillHolds: () => boolean = () => true,
): Promise<void> {
  try {
    const db = await getDb();
    const due = await db
      .selectFrom("smart_buys")
      .selectAll()
      .where("key_id", "=", key.id)
      .where("state", "=", "running")
      .where("next_at", "<=", nowMs)
      .orderBy("next_at")
      .limit(MAX_DUE)
      .execute();
    let budget = MAX_ATTEMPTS_PER_PASS;
    const startedAt = Date.now();
    // The key's sync lists nothing while this runs: past the time budget, the next pass goes on.
    const inBudget = () => budget > 0 && Date.now() - startedAt < TIME_BUDGET_MS;
    for (const buy of due) {
      let current: SmartBuyRow | null = buy;
      // One round without waiting: the next country as soon as the last had nothing.
      while (current && inBudget() && stillHolds() && Number(current.next_at) <= Date.now()) {
        budget -= 1;
        current = await runAttempt(key, current);
      }
    }
  } catch (error) {
    // Ours (the database): the smart buys run again after the next pass; sync itself goes on.
    log.warn(
      { keyId: key.id, err: error instanceof Error ? error.name : typeof error },
      "smart buys could not run",
    );
  }
}

/** One attempt of a running smart buy; returns the row as it now is (null: not ours to go on). */
async function runAttempt(key: ProviderKey, buy: SmartBuyRow): Promise<SmartBuyRow | null> {
  const plan = planOf(buy);
  const attempt = (await pendingAttempt(buy)) ?? (await fenceNext(buy));
  if (!attempt) return null;
  let outcome: AttemptOutcome;
  try {
    const result = await orderNumber(
      key,
      {
        service: buy.service,
        country: attempt.country,
        maxPrice: buy.max_price === null ? undefined : Number(buy.max_price),
        orderId: orderIdOf(buy.id, attempt.seq),
        // With the order's claim, in its transaction: a Stop recorded since the fence means no
        // call. The row is locked (PostgreSQL), so a Stop landing now waits for this claim and the
        // attempt counts as already on its way.
        stillWanted: async (trx) => {
          const query = trx
            .selectFrom("smart_buys")
            .select("state")
            .where("id", "=", buy.id)
            .where("seq", "=", attempt.seq);
          return (await forUpdate(trx, query).executeTakeFirst())?.state === "running";
        },
      },
      requesterOf(buy),
    );
    outcome = result.ok
      ? { ok: true, activationId: result.value.id }
      : { ok: false, code: result.failure.code };
  } catch (error) {
    // Not sent (its claim released), or our database failed: the same attempt again shortly; its
    // claim makes sure a call that did go out is never repeated.
    log.warn(
      { keyId: key.id, smartBuy: buy.id, err: error instanceof Error ? error.name : typeof error },
      "smart buy attempt did not finish",
    );
    outcome = { ok: false, code: STILL_PENDING };
  }
  return record(buy, attempt, afterAttempt(plan, attempt.seq, outcome, Date.now()), outcome);
}

export function orderIdOf(smartBuyId: string, seq: number): string {
  return `${smartBuyId}.${seq}`;
}

/** Attempt `seq` was fenced but its outcome never recorded (a crash, a call still out): run it again. */
async function pendingAttempt(buy: SmartBuyRow): Promise<Attempt | null> {
  if (buy.seq === 0) return null;
  const db = await getDb();
  const row = await db
    .selectFrom("smart_buy_attempts")
    .select(["seq", "round", "country"])
    .where("smart_buy_id", "=", buy.id)
    .where("seq", "=", buy.seq)
    .where("outcome", "=", "pending")
    .executeTakeFirst();
  return row ?? null;
}

/** The fence: attempt seq+1 is ours only if the smart buy is still running, due, and at seq. */
async function fenceNext(buy: SmartBuyRow): Promise<Attempt | null> {
  const plan = planOf(buy);
  const next = nextAttempt(plan, buy.seq);
  const db = await getDb();
  const now = Date.now();
  if (!next) {
    // Every round used (a crash between the last outcome and its state): nothing more to try.
    await db
      .updateTable("smart_buys")
      .set({ state: "exhausted", updated_at: now })
      .where("id", "=", buy.id)
      .where("state", "=", "running")
      .execute();
    return null;
  }
  return db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable("smart_buys")
      .set({ seq: next.seq, round: next.round, updated_at: now })
      .where("id", "=", buy.id)
      .where("state", "=", "running")
      .where("seq", "=", buy.seq)
      .where("next_at", "<=", now)
      .executeTakeFirst();
    if (moved.numUpdatedRows !== 1n) return null;
    await trx
      .insertInto("smart_buy_attempts")
      .values({
        smart_buy_id: buy.id,
        ...next,
        order_id: orderIdOf(buy.id, next.seq),
        outcome: "pending",
        at: now,
      })
      .execute();
    return next;
  });
}

async function record(
  buy: SmartBuyRow,
  attempt: Attempt,
  step: ReturnType<typeof afterAttempt>,
  outcome: AttemptOutcome,
): Promise<SmartBuyRow | null> {
  const db = await getDb();
  const now = Date.now();
  return db.transaction().execute(async (trx) => {
    if (step.settled) {
      await trx
        .updateTable("smart_buy_attempts")
        .set({ outcome: outcome.ok ? "ACCESS_NUMBER" : outcome.code, at: now })
        .where("smart_buy_id", "=", buy.id)
        .where("seq", "=", attempt.seq)
        .execute();
    }
    // A number bought while a Stop came in stays on record (the call was out before the Stop).
    if (step.activationId) {
      await trx
        .updateTable("smart_buys")
        .set({ activation_id: step.activationId, updated_at: now })
        .where("id", "=", buy.id)
        .execute();
    }
    return (
      (await trx
        .updateTable("smart_buys")
        .set({
          state: step.state,
          next_at: step.nextAt,
          last_error: step.lastError,
          updated_at: now,
        })
        .where("id", "=", buy.id)
        .where("state", "=", "running")
        .where("seq", "=", attempt.seq)
        .returningAll()
        .executeTakeFirst()) ?? null
    );
  });
}
