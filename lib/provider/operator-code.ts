// What an operator is to us: a short token (HeroSMS: "mts", "beeline", "tele2", "any"). Client-safe,
// so the order form, its server action and the provider parser agree on one definition.

/** An operator code as sent to getNumber: letters, digits, "_" and "-", 1 to 32 characters. */
export const OPERATOR_CODE = /^[a-z0-9_-]{1,32}$/i;

/** The provider's "whichever operator": sending it is the same as sending none. */
export const ANY_OPERATOR = "any";

/** The operator to send to getNumber: none for absent or "any" (whatever its case). */
export function operatorToSend(operator: string | undefined): string | undefined {
  return operator === undefined || operator.toLowerCase() === ANY_OPERATOR ? undefined : operator;
}
