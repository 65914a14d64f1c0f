// The smart buy's walk, as pure functions (no database, no clock of its own): which attempt comes
// next, and where an attempt's outcome leaves the smart buy. A round walks the countries in order
// without waiting; a round where every country failed waits `everySeconds`; after `maxRounds`
// rounds the smart buy is exhausted. Attempt n (1-based) is always round ⌈n / countries⌉ and
// country (n - 1) mod countries, so the attempt counter alone says where the walk is.

export type SmartBuyState = "running" | "bought" | "exhausted" | "stopped" | "unknown" | "failed";

export type SmartBuyPlan = {
  countries: readonly string[];
  everySeconds: number;
  maxRounds: number;
};

export type Attempt = { seq: number; round: number; country: string };

/** Failures after which the next country (or round) is tried; the provider simply had nothing at the price. */
export const TRY_NEXT = new Set(["NO_NUMBERS", "WRONG_MAX_PRICE"]);
/** The earlier call of this very attempt may still be under way: look again shortly, same attempt. */
export const STILL_PENDING = "ORDER_IN_PROGRESS";
/** Whether a number was bought cannot be known: stop, and never buy again for this request. */
export const OUTCOME_UNKNOWN = "ORDER_UNKNOWN";
/** How long to wait before re-running an attempt whose outcome is not in yet (or was never sent). */
export const RECHECK_MS = 2000;

/** The attempt numbered `seq` (1-based): its round and country. */
export function attemptAt(plan: SmartBuyPlan, seq: number): Attempt {
  const n = plan.countries.length;
  return {
    seq,
    round: Math.floor((seq - 1) / n) + 1,
    country: plan.countries[(seq - 1) % n] ?? "",
  };
}

/** The attempt after `seq` attempts were made, or null once every round was used. */
export function nextAttempt(plan: SmartBuyPlan, seq: number): Attempt | null {
  return seq >= plan.countries.length * plan.maxRounds ? null : attemptAt(plan, seq + 1);
}

export type AttemptOutcome = { ok: true; activationId: string } | { ok: false; code: string };

export type Transition = {
  state: SmartBuyState;
  /** When the next attempt is due (ms), while running. */
  nextAt: number;
  activationId: string | null;
  lastError: string | null;
  /** False: the attempt is not over (its answer is not in): it runs again, same seq, at nextAt. */
  settled: boolean;
};

/** Where the outcome of attempt `seq` leaves a running smart buy, at `nowMs`. */
export function afterAttempt(
  plan: SmartBuyPlan,
  seq: number,
  outcome: AttemptOutcome,
  nowMs: number,
): Transition {
  if (outcome.ok)
    return {
      state: "bought",
      nextAt: nowMs,
      activationId: outcome.activationId,
      lastError: null,
      settled: true,
    };
  const { code } = outcome;
  if (code === STILL_PENDING)
    return {
      state: "running",
      nextAt: nowMs + RECHECK_MS,
      activationId: null,
      lastError: code,
      settled: false,
    };
  if (code === OUTCOME_UNKNOWN)
    return { state: "unknown", nextAt: nowMs, activationId: null, lastError: code, settled: true };
  if (!TRY_NEXT.has(code))
    return { state: "failed", nextAt: nowMs, activationId: null, lastError: code, settled: true };
  const next = nextAttempt(plan, seq);
  if (!next)
    return {
      state: "exhausted",
      nextAt: nowMs,
      activationId: null,
      lastError: code,
      settled: true,
    };
  // The next country of the same round at once; a new round after the wait.
  const wait = next.round > attemptAt(plan, seq).round ? plan.everySeconds * 1000 : 0;
  return {
    state: "running",
    nextAt: nowMs + wait,
    activationId: null,
    lastError: code,
    settled: true,
  };
}
