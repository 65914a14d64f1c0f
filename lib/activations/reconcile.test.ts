import { describe, expect, it } from "vitest";
import {
  mergeCodes,
  type ProviderStatus,
  STATUS_RETRY_MAX_MS,
  stateFromListStatus,
  stateFromStatus,
  stateWhenClosedUnanswered,
  statusRetryDelayMs,
} from "./reconcile";

const base = { pendingAction: null, hasCodes: false, lifetimeOver: false } as const;

describe("stateFromStatus", () => {
  it.each<[string, ProviderStatus, Partial<typeof base> | object, string]>([
    ["waiting", { status: "WAIT_CODE" }, {}, "waiting"],
    ["code", { status: "OK", code: "1234" }, {}, "code_received"],
    ["retry", { status: "WAIT_RETRY", lastCode: "1234" }, {}, "waiting_retry"],
    ["resend", { status: "WAIT_RESEND" }, {}, "waiting_retry"],
    ["our lost finish went through", { status: "CANCEL" }, { pendingAction: "finish", hasCodes: true }, "finished"],
    ["our lost cancel went through", { status: "CANCEL" }, { pendingAction: "cancel" }, "cancelled"],
    ["finished elsewhere (had a code)", { status: "CANCEL" }, { hasCodes: true }, "finished"],
    ["expired with no code", { status: "CANCEL" }, { lifetimeOver: true }, "expired"],
    ["cancelled elsewhere before the lifetime", { status: "CANCEL" }, {}, "cancelled"],
    ["our lost finish did not happen", { status: "OK", code: "1" }, { pendingAction: "finish" }, "code_received"],
  ])("%s", (_name, status, ctx, expected) => {
    expect(stateFromStatus(status, { ...base, ...ctx })).toBe(expected);
  });
});

describe("stateFromListStatus", () => {
  it.each([
    ["4", false, "waiting"],
    ["2", true, "code_received"],
    ["3", true, "waiting_retry"],
    ["8", false, "cancelled"],
    ["10", false, "expired"],
    ["99", false, null],
  ] as const)("activationStatus %s -> %s", (s, hasCodes, expected) => {
    expect(stateFromListStatus(s, hasCodes)).toBe(expected);
  });
});

describe("mergeCodes", () => {
  const c = (code: string) => ({ code, text: null, at: 1 });
  it("appends the tail of a full list", () => {
    expect(mergeCodes([c("111")], ["111", "222"], "txt", 5).map((x) => x.code)).toEqual(["111", "222"]);
  });
  it("appends a different latest code", () => {
    expect(mergeCodes([c("111")], ["222"], null, 5).map((x) => x.code)).toEqual(["111", "222"]);
  });
  it("keeps ours when nothing is new", () => {
    const ours = [c("111")];
    expect(mergeCodes(ours, ["111"], null, 5)).toEqual(ours);
    expect(mergeCodes(ours, [], null, 5)).toEqual(ours);
  });
  it("records the text with the newest code", () => {
    expect(mergeCodes([], ["9"], "Your code is 9", 7)).toEqual([{ code: "9", text: "Your code is 9", at: 7 }]);
  });
});

describe("statusRetryDelayMs", () => {
  it.each([
    [1, 3000],
    [2, 6000],
    [3, 12_000],
    [8, 384_000],
    [9, STATUS_RETRY_MAX_MS],
    [1000, STATUS_RETRY_MAX_MS],
  ])("after %i failures in a row waits %i ms (3 s interval)", (failures, expected) => {
    expect(statusRetryDelayMs(failures, 3000)).toBe(expected);
  });
  it("never waits less than the interval, even one longer than the cap", () => {
    expect(statusRetryDelayMs(0, 3000)).toBe(3000);
    expect(statusRetryDelayMs(5, 20 * 60_000)).toBe(20 * 60_000);
  });
  it("keeps a row that never answers to a few hundred calls a day, not 28,800", () => {
    let t = 0;
    let calls = 0;
    while (t < 24 * 3600_000) t += statusRetryDelayMs(++calls, 3000);
    expect(calls).toBeLessThan(160);
  });
});

describe("stateWhenClosedUnanswered", () => {
  it("is finished after a code and expired (refunded) before one, never crediting an action", () => {
    expect(stateWhenClosedUnanswered(true)).toBe("finished");
    expect(stateWhenClosedUnanswered(false)).toBe("expired");
  });
});
