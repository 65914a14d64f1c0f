// Currencies as providers send them: ISO 4217 numeric codes. Client-safe.

/** The codes providers send (840 on SMS.online); anything else stays a plain number. */
const CURRENCIES: Record<number, string> = { 840: "USD", 978: "EUR", 643: "RUB", 986: "BRL" };

/** The ISO 4217 letters for a numeric code, or undefined when unknown (or none was sent). */
export function currencyLetters(code: number | null): string | undefined {
  return code === null ? undefined : CURRENCIES[code];
}

/** A column-safe name: the letters, the number when unknown, "unknown" when none was sent. */
export function currencyLabel(code: number | null): string {
  return currencyLetters(code) ?? (code === null ? "unknown" : String(code));
}
