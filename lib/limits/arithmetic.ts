// The limit arithmetic, pure (no imports): what "today" is and whether an order fits.
//
// "Daily" is the UTC day (00:00–24:00 UTC), the same for every member wherever they sit, and
// what a provider's own daily statistics use; a rolling 24 h would make a refused order succeed
// at an odd hour nobody can predict.

export const DAY_MS = 86_400_000;

/** Midnight UTC of the day holding nowMs. */
export function utcDayStart(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS;
}

/** Money compared in ten-thousandths, so 0.1 + 0.2 fits a limit of 0.3 (floats alone say no). */
const units = (amount: number) => Math.round(amount * 10_000);

export type LimitScope = "member" | "key";

/** One limit in force for an order: how much it allows today and how much is spent already. */
export type LimitState = { scope: LimitScope; limit: number; spent: number };

/** The first limit the order would pass (spent + cost over the limit; reaching it exactly is allowed), or null. */
export function exceededLimit(limits: readonly LimitState[], cost: number): LimitState | null {
  return limits.find((l) => units(l.spent) + units(cost) > units(l.limit)) ?? null;
}

/** Rounded to cents for messages and the audit row. */
export function money(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** Whether a key's balance is under its low-balance threshold (unknown balance: no banner). */
export function isLowBalance(balance: number | null, threshold: number | null): boolean {
  return balance !== null && threshold !== null && units(balance) < units(threshold);
}
