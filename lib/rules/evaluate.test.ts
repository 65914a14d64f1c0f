import { describe, expect, it } from "vitest";
import { cancelAtMs, cancelMinutesRange, dueRuleAction, type RuleSnapshot, SAFETY_MARGIN_SECONDS, type TeamRules } from "./evaluate";
import { ruleActorLabel, ruleOfActor } from "./label";

const T0 = Date.UTC(2026, 11, 7, 6, 0, 0);
const MIN = 60_000;
const KEY = { earlyCancelSeconds: 120, lifetimeSeconds: 1200 };

function snapshot(over: Partial<RuleSnapshot> = {}): RuleSnapshot {
  return {
    state: "waiting",
    purchasedAtMs: T0,
    expiresAtMs: T0 + KEY.lifetimeSeconds * 1000,
    canGetAnotherSms: true,
    busy: false,
    lastCodeAtMs: null,
    ...over,
  };
}

const cancelAfter = (x: number): TeamRules => ({ cancelNoSmsMinutes: x, finishAfterCodeMinutes: null });
const finishAfter = (y: number): TeamRules => ({ cancelNoSmsMinutes: null, finishAfterCodeMinutes: y });

describe("cancel when no SMS came after X minutes", () => {
  it("fires at X, not a second before", () => {
    expect(dueRuleAction(snapshot(), cancelAfter(5), KEY, T0 + 5 * MIN - 1000)).toBeNull();
    expect(dueRuleAction(snapshot(), cancelAfter(5), KEY, T0 + 5 * MIN)).toEqual({
      action: "cancel",
      rule: "cancel_no_sms",
      minutes: 5,
    });
  });

  it("never inside the early-cancel window, even when X is shorter (a key whose window grew)", () => {
    const key = { earlyCancelSeconds: 240, lifetimeSeconds: 1200 };
    expect(dueRuleAction(snapshot(), cancelAfter(2), key, T0 + 239_000)).toBeNull();
    expect(dueRuleAction(snapshot(), cancelAfter(2), key, T0 + 240_000)?.action).toBe("cancel");
    expect(cancelAtMs(snapshot(), 2, key)).toBe(T0 + 240_000);
  });

  it("a provider clock before the purchase (skew) is inside the window: nothing", () => {
    expect(dueRuleAction(snapshot(), cancelAfter(2), KEY, T0 - 10 * MIN)).toBeNull();
  });

  it("clamps X past the lifetime minus the safety margin, so the cancel still comes in time", () => {
    const key = { earlyCancelSeconds: 120, lifetimeSeconds: 600 };
    const a = snapshot({ expiresAtMs: T0 + 600_000 });
    const latest = T0 + 600_000 - SAFETY_MARGIN_SECONDS * 1000;
    expect(cancelAtMs(a, 19, key)).toBe(latest);
    expect(dueRuleAction(a, cancelAfter(19), key, latest - 1)).toBeNull();
    expect(dueRuleAction(a, cancelAfter(19), key, latest)?.action).toBe("cancel");
  });

  it("never in the lifetime's last minute nor after it (the provider refunds an expired number itself)", () => {
    expect(dueRuleAction(snapshot(), cancelAfter(5), KEY, T0 + 20 * MIN)).toBeNull();
    expect(dueRuleAction(snapshot(), cancelAfter(5), KEY, T0 + 20 * MIN - 1)).toBeNull();
    expect(dueRuleAction(snapshot(), cancelAfter(5), KEY, T0 + 19 * MIN + 1)).toBeNull();
    expect(dueRuleAction(snapshot(), cancelAfter(5), KEY, T0 + 19 * MIN)?.action).toBe("cancel");
  });

  it("not when the window ends past lifetime minus the margin: no moment is both allowed and safe", () => {
    const key = { earlyCancelSeconds: 600, lifetimeSeconds: 630 };
    const a = snapshot({ expiresAtMs: T0 + 630_000 });
    expect(cancelAtMs(a, 10, key)).toBeNull();
    expect(dueRuleAction(a, cancelAfter(10), key, T0 + 620_000)).toBeNull();
  });

  it("not for a number with a code, another SMS asked for, ended, or with a click in flight", () => {
    const late = T0 + 10 * MIN;
    for (const state of ["code_received", "waiting_retry", "finished", "cancelled", "expired"] as const) {
      expect(dueRuleAction(snapshot({ state }), cancelAfter(5), KEY, late), state).toBeNull();
    }
    expect(dueRuleAction(snapshot({ busy: true }), cancelAfter(5), KEY, late)).toBeNull();
  });

  it("off while X is null", () => {
    expect(dueRuleAction(snapshot(), finishAfter(1), KEY, T0 + 19 * MIN)).toBeNull();
  });
});

describe("finish Y minutes after a code nobody acted on", () => {
  const coded = (codeAt: number) => snapshot({ state: "code_received", lastCodeAtMs: codeAt });

  it("fires Y minutes after the latest code, not before", () => {
    const codeAt = T0 + 3 * MIN;
    expect(dueRuleAction(coded(codeAt), finishAfter(2), KEY, codeAt + 2 * MIN - 1)).toBeNull();
    expect(dueRuleAction(coded(codeAt), finishAfter(2), KEY, codeAt + 2 * MIN)).toEqual({
      action: "finish",
      rule: "finish_after_code",
      minutes: 2,
    });
  });

  it("waits while another SMS is asked for (someone acted), and for a click in flight", () => {
    const late = T0 + 15 * MIN;
    expect(dueRuleAction(snapshot({ state: "waiting_retry", lastCodeAtMs: T0 }), finishAfter(2), KEY, late)).toBeNull();
    expect(dueRuleAction({ ...coded(T0), busy: true }, finishAfter(2), KEY, late)).toBeNull();
  });

  it("a code received stays finishable past the lifetime (it does not expire)", () => {
    expect(dueRuleAction(coded(T0 + 19 * MIN), finishAfter(2), KEY, T0 + 21 * MIN)?.action).toBe("finish");
  });

  it("not without a known code time, nor when off", () => {
    expect(dueRuleAction({ ...coded(T0), lastCodeAtMs: null }, finishAfter(2), KEY, T0 + 15 * MIN)).toBeNull();
    expect(dueRuleAction(coded(T0), cancelAfter(2), KEY, T0 + 15 * MIN)).toBeNull();
  });
});

describe("the X an admin may save", () => {
  it("spans the longest window to the shortest lifetime minus the margin, in whole minutes", () => {
    expect(cancelMinutesRange([KEY])).toEqual({ min: 2, max: 19 });
    expect(cancelMinutesRange([KEY, { earlyCancelSeconds: 150, lifetimeSeconds: 900 }])).toEqual({ min: 3, max: 14 });
  });

  it("has the default timing with no key, and is null when no X fits every key", () => {
    expect(cancelMinutesRange([])).toEqual({ min: 2, max: 19 });
    expect(cancelMinutesRange([{ earlyCancelSeconds: 600, lifetimeSeconds: 630 }])).toBeNull();
  });
});

describe("the rule's actor", () => {
  it('is "auto (<rule name>)", and the row can tell it from a person', () => {
    const label = ruleActorLabel({ rule: "cancel_no_sms", minutes: 3 });
    expect(label).toBe("auto (no SMS after 3 min)");
    expect(ruleOfActor(label)).toBe("no SMS after 3 min");
    expect(ruleActorLabel({ rule: "finish_after_code", minutes: 2 })).toBe("auto (finish 2 min after code)");
    expect(ruleOfActor("operator@demo.local")).toBeNull();
    expect(ruleOfActor(null)).toBeNull();
  });
});
