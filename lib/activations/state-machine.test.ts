import { describe, expect, it } from "vitest";
import {
  type ActivationAction,
  type ActivationSnapshot,
  type ActivationState,
  availability,
  effectiveState,
  secondsLeft,
  stateAfter,
} from "./state-machine";

const BOUGHT = Date.UTC(2026, 10, 27, 12, 0, 0);
const LIFETIME_MS = 20 * 60_000;
const at = (seconds: number) => BOUGHT + seconds * 1000;

function snap(state: ActivationState, over: Partial<ActivationSnapshot> = {}): ActivationSnapshot {
  return {
    state,
    purchasedAtMs: BOUGHT,
    expiresAtMs: BOUGHT + LIFETIME_MS,
    canGetAnotherSms: true,
    ...over,
  };
}

// Every state x action, at a moment well past the early-cancel window and before expiry.
const MATRIX: [ActivationState, ActivationAction, string][] = [
  ["waiting", "cancel", "allowed"],
  ["waiting", "retry", "waiting_for_code"],
  ["waiting", "finish", "waiting_for_code"],
  ["code_received", "cancel", "code_already_received"],
  ["code_received", "retry", "allowed"],
  ["code_received", "finish", "allowed"],
  ["waiting_retry", "cancel", "code_already_received"],
  ["waiting_retry", "retry", "waiting_for_another_sms"],
  ["waiting_retry", "finish", "allowed"],
  ["finished", "cancel", "finished"],
  ["finished", "retry", "finished"],
  ["finished", "finish", "finished"],
  ["cancelled", "cancel", "cancelled"],
  ["cancelled", "retry", "cancelled"],
  ["cancelled", "finish", "cancelled"],
  ["expired", "cancel", "expired"],
  ["expired", "retry", "expired"],
  ["expired", "finish", "expired"],
];

describe("availability: every state x action", () => {
  it.each(MATRIX)("%s + %s -> %s", (state, action, expected) => {
    const result = availability(snap(state), action, at(300));
    expect(result.allowed ? "allowed" : result.reason.code).toBe(expected);
  });
});

describe("the early-cancel window (default 120 s)", () => {
  it("refuses at 119 s with the seconds left", () => {
    expect(availability(snap("waiting"), "cancel", at(119))).toEqual({
      allowed: false,
      reason: { code: "early_cancel", secondsLeft: 1 },
    });
  });
  it("counts down from the purchase", () => {
    expect(availability(snap("waiting"), "cancel", at(37))).toEqual({
      allowed: false,
      reason: { code: "early_cancel", secondsLeft: 83 },
    });
  });
  it("allows at exactly 120 s", () => {
    expect(availability(snap("waiting"), "cancel", at(120))).toEqual({ allowed: true });
  });
  it("follows the provider's own window", () => {
    const timing = { earlyCancelSeconds: 60 };
    expect(availability(snap("waiting"), "cancel", at(59), timing).allowed).toBe(false);
    expect(availability(snap("waiting"), "cancel", at(60), timing).allowed).toBe(true);
  });
});

describe("expiry", () => {
  it("a waiting activation is expired once its lifetime has passed", () => {
    expect(effectiveState(snap("waiting"), at(1199))).toBe("waiting");
    expect(effectiveState(snap("waiting"), at(1200))).toBe("expired");
    expect(availability(snap("waiting"), "cancel", at(1200))).toEqual({
      allowed: false,
      reason: { code: "expired" },
    });
  });
  it("an activation that got a code does not expire locally", () => {
    expect(effectiveState(snap("code_received"), at(5000))).toBe("code_received");
  });
  it("time left counts down and is null when the activation no longer runs", () => {
    expect(secondsLeft(snap("waiting"), at(0))).toBe(1200);
    expect(secondsLeft(snap("waiting"), at(1199.5))).toBe(1);
    expect(secondsLeft(snap("waiting"), at(1200))).toBeNull();
    expect(secondsLeft(snap("finished"), at(10))).toBeNull();
  });
});

describe("another SMS", () => {
  it("is refused when the provider says it offers none", () => {
    expect(availability(snap("code_received", { canGetAnotherSms: false }), "retry", at(300))).toEqual(
      { allowed: false, reason: { code: "another_sms_not_offered" } },
    );
  });
});

describe("stateAfter", () => {
  it.each([
    ["cancel", "cancelled"],
    ["retry", "waiting_retry"],
    ["finish", "finished"],
  ] as const)("%s leads to %s", (action, state) => {
    expect(stateAfter(action)).toBe(state);
  });
});
