// The order dialog's idempotency key (orderId) and the choices it was made for. After a failure
// that may have bought (ORDER_UNKNOWN, …) the id is kept, so Buy again repeats the same order and
// gets its result instead of buying twice; but once the key, service, country or operator
// changes it is another order, and needs another id (else Buy would answer the first order's
// result). Pure, so it is tested without a browser.

export type OrderChoice = { keyId: string | undefined; service: string; country: string | undefined; operator: string };

export type OrderIdentity = { id: string; choice: string };

function choiceKey({ keyId, service, country, operator }: OrderChoice): string {
  return JSON.stringify([keyId ?? "", service, country ?? "", operator]);
}

/** A fresh id for these choices. */
export function newOrderIdentity(choice: OrderChoice, newId: () => string): OrderIdentity {
  return { id: newId(), choice: choiceKey(choice) };
}

/** `current` itself while the choices are the same order; a fresh identity once any changed. */
export function orderIdentityFor(current: OrderIdentity, choice: OrderChoice, newId: () => string): OrderIdentity {
  return current.choice === choiceKey(choice) ? current : newOrderIdentity(choice, newId);
}
