// Team rules as pure functions of an activation's snapshot, the team's rules, the key's timing
// and the provider's clock: what the sync holder runs after each pass (./runner.ts), what the
// settings form checks (./settings.ts) and what the tests pin down. No server imports.
import {
  type ActivationAction,
  type ActivationSnapshot,
  availability,
  effectiveState,
} from "@/lib/activations/state-machine";

export type TeamRules = {
  /** Cancel a number with no SMS this many minutes after purchase; null: off. */
  cancelNoSmsMinutes: number | null;
  /** Finish a number this many minutes after its latest code if nobody acted on it; null: off. */
  finishAfterCodeMinutes: number | null;
};

export const NO_RULES: TeamRules = { cancelNoSmsMinutes: null, finishAfterCodeMinutes: null };

export type KeyRuleTiming = { earlyCancelSeconds: number; lifetimeSeconds: number };

/**
 * An automatic cancel is never tried later than this before the lifetime ends: the refund is
 * only ours while the activation runs, and a try needs a sync pass (every few seconds, up to a
 * minute while the provider fails) plus the call itself.
 */
export const SAFETY_MARGIN_SECONDS = 60;

/** Y is capped: past the lifetime the provider closes a code's number itself. */
export const MAX_FINISH_MINUTES = 60;

export type RuleSnapshot = ActivationSnapshot & {
  /** A click (or another rule) is in flight or its outcome is being checked: nothing to do. */
  busy: boolean;
  /** When the latest code arrived, on the provider's clock; null with no code. */
  lastCodeAtMs: number | null;
};

export type RuleName = "cancel_no_sms" | "finish_after_code";
export type DueAction = { action: Extract<ActivationAction, "cancel" | "finish">; rule: RuleName; minutes: number };

/**
 * When, on the provider's clock, the no-SMS rule cancels this activation: X minutes after
 * purchase, but never inside the early-cancel window and never later than the lifetime minus
 * the safety margin (a key whose timing changed after the rule was saved). Null when the window
 * itself ends past that point: no moment is both allowed and safe.
 */
export function cancelAtMs(a: ActivationSnapshot, minutes: number, key: KeyRuleTiming): number | null {
  const windowEnd = a.purchasedAtMs + key.earlyCancelSeconds * 1000;
  const latest = a.expiresAtMs - SAFETY_MARGIN_SECONDS * 1000;
  if (windowEnd > latest) return null;
  return Math.max(windowEnd, Math.min(a.purchasedAtMs + minutes * 60_000, latest));
}

/** What a rule does to this activation now (provider clock), or null. */
export function dueRuleAction(
  a: RuleSnapshot,
  rules: TeamRules,
  key: KeyRuleTiming,
  providerNowMs: number,
): DueAction | null {
  if (a.busy) return null;
  const state = effectiveState(a, providerNowMs);
  const allowed = (action: "cancel" | "finish") =>
    availability(a, action, providerNowMs, { earlyCancelSeconds: key.earlyCancelSeconds }).allowed;
  const x = rules.cancelNoSmsMinutes;
  if (x !== null && state === "waiting") {
    const at = cancelAtMs(a, x, key);
    // "waiting" is before the lifetime's end (effectiveState says "expired" from then on);
    // availability refuses inside the early-cancel window, whatever cancelAtMs said.
    // And never in the last SAFETY_MARGIN_SECONDS (sync was down, the rule just switched on): the
    // provider refunds an expired number itself, and a cancel then only races its expiry.
    const latest = a.expiresAtMs - SAFETY_MARGIN_SECONDS * 1000;
    if (at !== null && providerNowMs >= at && providerNowMs <= latest && allowed("cancel"))
      return { action: "cancel", rule: "cancel_no_sms", minutes: x };
  }
  const y = rules.finishAfterCodeMinutes;
  if (y !== null && state === "code_received" && a.lastCodeAtMs !== null) {
    if (providerNowMs >= a.lastCodeAtMs + y * 60_000 && allowed("finish"))
      return { action: "finish", rule: "finish_after_code", minutes: y };
  }
  return null;
}

/**
 * The X an admin may save for these keys: from the longest early-cancel window to the shortest
 * lifetime minus the safety margin, in whole minutes. Outside it the rule is refused, not
 * clamped: an admin who asks for 25 minutes on a 20-minute lifetime should hear it now, not
 * find numbers cancelled at 19. (At run time a key changed later is clamped: cancelAtMs.)
 * Null when no X fits every key.
 */
export function cancelMinutesRange(keys: KeyRuleTiming[]): { min: number; max: number } | null {
  const timings = keys.length > 0 ? keys : [{ earlyCancelSeconds: 120, lifetimeSeconds: 1200 }];
  const min = Math.max(1, ...timings.map((k) => Math.ceil(k.earlyCancelSeconds / 60)));
  const max = Math.min(...timings.map((k) => Math.floor((k.lifetimeSeconds - SAFETY_MARGIN_SECONDS) / 60)));
  return min <= max ? { min, max } : null;
}
