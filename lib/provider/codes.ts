import { z } from "zod";

// What the codes of an order are to us (SMS-Activate's, which HeroSMS and its clones share): one
// definition for the order form and pickers, the server actions, the read routes, smart buy and
// the provider parser. Client-safe.

/** A service code: letters, digits and "_", 1 to 16 characters ("tg", "wa"). */
export const SERVICE_CODE = /^[a-z0-9_]{1,16}$/i;

/** A country number, 1 to 4 digits ("0" is Russia, "73" Brazil). */
export const COUNTRY_CODE = /^[0-9]{1,4}$/;

/** An operator code as sent to getNumber (HeroSMS: "mts", "tele2"): letters, digits, "_" and "-", 1 to 32 characters. */
export const OPERATOR_CODE = /^[a-z0-9_-]{1,32}$/i;

export const serviceCodeField = z.string().regex(SERVICE_CODE, "must be a service code");
export const countryCodeField = z.string().regex(COUNTRY_CODE, "must be a country number");
export const operatorCodeField = z.string().regex(OPERATOR_CODE, "must be an operator code");

/** The provider's "whichever operator": sending it is the same as sending none. */
export const ANY_OPERATOR = "any";

/** The operator to send to getNumber: none for absent or "any" (whatever its case). */
export function operatorToSend(operator: string | undefined): string | undefined {
  return operator === undefined || operator.toLowerCase() === ANY_OPERATOR ? undefined : operator;
}
