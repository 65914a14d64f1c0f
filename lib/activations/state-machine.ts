// The activation state machine of docs/protocol.md, as one pure function shared by the browser (to
// enable and explain buttons) and the server action (to refuse before any provider call).
// No imports from the server or the browser: it must run in both. Its states and actions are
// defined in lib/activation-states.ts, which the database schema types its columns with.

import { ACTIVATION_ACTIONS, ACTIVATION_STATES, type ActivationAction, type ActivationState } from "@/lib/activation-states";

export { ACTIVATION_ACTIONS, ACTIVATION_STATES, type ActivationAction, type ActivationState };

/** The provider's setStatus code for each action (docs/protocol.md, setStatus). */
export const SET_STATUS_CODE = { cancel: 8, retry: 3, finish: 6 } as const satisfies Record<
  ActivationAction,
  number
>;

export type DisabledReason =
  | { code: "early_cancel"; secondsLeft: number }
  | { code: "code_already_received" }
  | { code: "waiting_for_code" }
  | { code: "waiting_for_another_sms" }
  | { code: "another_sms_not_offered" }
  | { code: "finished" }
  | { code: "cancelled" }
  | { code: "expired" };

export type ActionAvailability = { allowed: true } | { allowed: false; reason: DisabledReason };

export type ActivationSnapshot = {
  state: ActivationState;
  /** When the number was bought, ms since epoch on the provider's clock. */
  purchasedAtMs: number;
  /** When the provider gives up and refunds if no code came, ms since epoch. */
  expiresAtMs: number;
  /** The provider's canGetAnotherSms flag; true when unknown. */
  canGetAnotherSms: boolean;
};

export type ProviderTiming = {
  /** Seconds after purchase during which the provider refuses a cancel (120 on SMS.online). */
  earlyCancelSeconds: number;
};

export const DEFAULT_EARLY_CANCEL_SECONDS = 120;

/**
 * The state to show and act on: a waiting activation whose lifetime has passed is expired even
 * before sync hears it from the provider, so no button offers an action the provider would refuse.
 */
export function effectiveState(a: ActivationSnapshot, nowMs: number): ActivationState {
  // Only a code-less activation expires (and is refunded); one that got a code stays as it is
  // until the provider drops it from its list and sync records how it ended.
  return a.state === "waiting" && nowMs >= a.expiresAtMs ? "expired" : a.state;
}

const TERMINAL_REASON = {
  finished: { code: "finished" },
  cancelled: { code: "cancelled" },
  expired: { code: "expired" },
} as const satisfies Partial<Record<ActivationState, DisabledReason>>;

function no(reason: DisabledReason): ActionAvailability {
  return { allowed: false, reason };
}
const YES: ActionAvailability = { allowed: true };

export function availability(
  a: ActivationSnapshot,
  action: ActivationAction,
  nowMs: number,
  timing: ProviderTiming = { earlyCancelSeconds: DEFAULT_EARLY_CANCEL_SECONDS },
): ActionAvailability {
  const state = effectiveState(a, nowMs);
  if (state === "finished" || state === "cancelled" || state === "expired") {
    return no(TERMINAL_REASON[state]);
  }
  switch (action) {
    case "cancel": {
      if (state !== "waiting") return no({ code: "code_already_received" });
      const elapsedMs = nowMs - a.purchasedAtMs;
      const windowMs = timing.earlyCancelSeconds * 1000;
      if (elapsedMs < windowMs) {
        return no({ code: "early_cancel", secondsLeft: Math.ceil((windowMs - elapsedMs) / 1000) });
      }
      return YES;
    }
    case "retry":
      if (state === "waiting") return no({ code: "waiting_for_code" });
      if (state === "waiting_retry") return no({ code: "waiting_for_another_sms" });
      return a.canGetAnotherSms ? YES : no({ code: "another_sms_not_offered" });
    case "finish":
      return state === "waiting" ? no({ code: "waiting_for_code" }) : YES;
  }
}

export function allAvailability(
  a: ActivationSnapshot,
  nowMs: number,
  timing?: ProviderTiming,
): Record<ActivationAction, ActionAvailability> {
  return {
    cancel: availability(a, "cancel", nowMs, timing),
    retry: availability(a, "retry", nowMs, timing),
    finish: availability(a, "finish", nowMs, timing),
  };
}

/** Whole seconds until the lifetime ends, or null once the activation no longer runs. */
export function secondsLeft(a: ActivationSnapshot, nowMs: number): number | null {
  const state = effectiveState(a, nowMs);
  if (state === "finished" || state === "cancelled" || state === "expired") return null;
  return Math.max(0, Math.ceil((a.expiresAtMs - nowMs) / 1000));
}

/** The state a successful setStatus leads to. */
export function stateAfter(action: ActivationAction): ActivationState {
  return action === "cancel" ? "cancelled" : action === "retry" ? "waiting_retry" : "finished";
}
