// The order dialog's idempotency key (orderId) and the choices it was made for. After a failure
// that may have bought (ORDER_UNKNOWN, …) the id is kept, so Buy again repeats the same order and
// gets its result instead of buying twice; but once the key, service, country or operator
// changes it is another order, and needs another id (else Buy would answer the first order's
// result). Going back to those choices later in the same opening finds the kept id again, so
// switching away and back cannot buy a second number either. Pure, so tested without a browser.
import type { FailureCode } from "@/lib/failure-codes";

/**
 * Failures after which an order may have gone through, so its id is kept and a resubmit cannot
 * buy twice. UNREACHABLE: the request may have reached the server before the connection failed.
 */
const MAYBE_BOUGHT: ReadonlySet<FailureCode> = new Set(["ORDER_UNKNOWN", "ORDER_IN_PROGRESS", "UNEXPECTED", "UNREACHABLE"]);

export function mayHaveBought(code: FailureCode): boolean {
  return MAYBE_BOUGHT.has(code);
}

export type OrderChoice = { keyId: string | undefined; service: string; country: string | undefined; operator: string };

export type OrderIdentity = { id: string; choice: string };

function choiceKey({ keyId, service, country, operator }: OrderChoice): string {
  return JSON.stringify([keyId ?? "", service, country ?? "", operator]);
}

/** A fresh id for these choices. */
export function newOrderIdentity(choice: OrderChoice, newId: () => string): OrderIdentity {
  return { id: newId(), choice: choiceKey(choice) };
}

/** The dialog's orders in one opening: the one its choices make now, and those that may have bought. */
export type OrderIds = { current: OrderIdentity; maybeBought: Readonly<Record<string, string>> };

export function freshOrderIds(choice: OrderChoice, newId: () => string): OrderIds {
  return { current: newOrderIdentity(choice, newId), maybeBought: {} };
}

/**
 * `ids` itself while the choices are the same order; else the order for the new choices: the
 * id kept for them if an order of theirs may have bought, a fresh one otherwise.
 */
export function orderIdsFor(ids: OrderIds, choice: OrderChoice, newId: () => string): OrderIds {
  const key = choiceKey(choice);
  if (ids.current.choice === key) return ids;
  return { ...ids, current: { id: ids.maybeBought[key] ?? newId(), choice: key } };
}

/**
 * After the answer to `submitted`: one that may have bought keeps its id for those choices; one
 * that bought nothing frees them (the next Buy on them is a new order).
 */
export function afterOrderAnswer(
  ids: OrderIds,
  submitted: OrderIdentity,
  maybeBought: boolean,
  newId: () => string,
): OrderIds {
  if (maybeBought) return { ...ids, maybeBought: { ...ids.maybeBought, [submitted.choice]: submitted.id } };
  const { [submitted.choice]: _freed, ...rest } = ids.maybeBought;
  const current = ids.current.id === submitted.id ? { id: newId(), choice: submitted.choice } : ids.current;
  return { current, maybeBought: rest };
}
