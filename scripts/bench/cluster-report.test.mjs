// The cluster benchmark's figures decide PASS/FAIL: each is checked here on a hand-made log.
import { describe, expect, it } from "vitest";
import {
  callsPerClick,
  callsPerOrder,
  failoverSeconds,
  missingAudit,
  overlappingPasses,
  peakPerSecond,
  serverErrors,
} from "./cluster-report.mjs";

const T = Date.UTC(2026, 0, 1);
const iso = (ms) => new Date(T + ms).toISOString();
const call = (action, fromMs, toMs, more = {}) => ({
  action,
  at: iso(fromMs),
  answeredAt: toMs === null ? null : iso(toMs),
  keySuffix: "k1",
  id: null,
  status: null,
  httpStatus: 200,
  ...more,
});

describe("overlappingPasses", () => {
  it("counts a getActiveActivations that arrives before the previous one was answered", () => {
    const log = [
      call("getActiveActivations", 0, 100),
      call("getActiveActivations", 1000, 1100),
      call("getActiveActivations", 1050, 1150), // a second loop on the same key
      call("getActiveActivations", 1120, 1130), // overlaps the one still open
      call("getActiveActivations", 3000, null), // cut off: ends where it started
      call("getActiveActivations", 3000, 3100, { keySuffix: "k2" }),
    ];
    expect(overlappingPasses(log, ["k1", "k2"])).toEqual({
      k1: { passes: 5, overlaps: 2, answerTimes: true },
      k2: { passes: 1, overlaps: 0, answerTimes: true },
    });
  });
});

describe("peakPerSecond", () => {
  it("finds the busiest 1 s window of each key, wherever it starts", () => {
    const log = [0, 400, 900, 999, 1000, 1500, 2600].map((t) => call("getStatus", t, t + 50));
    expect(peakPerSecond(log, ["k1", "none"])).toEqual({ k1: 4, none: 0 });
  });
});

describe("failoverSeconds", () => {
  it("measures from the kill to the orphaned key's first list call, never one before it", () => {
    const log = [call("getActiveActivations", 9_000, 9_100), call("getStatus", 12_000, 12_100), call("getActiveActivations", 16_250, 16_300)];
    expect(failoverSeconds(log, T + 10_000, ["k1", "k9"])).toEqual({ k1: 6.3, k9: null });
  });
});

describe("callsPerClick", () => {
  const setStatus = (id, status, t = 0) => call("setStatus", t, t + 100, { id, status: String(status) });
  it("passes exactly one call per click that reached the provider, and none for refused ones", () => {
    const clicks = [
      { id: "1", status: 6, outcome: "ok" },
      { id: "1", status: 6, outcome: "ACTION_IN_PROGRESS" }, // the double click
      { id: "2", status: 8, outcome: "NOT_ALLOWED_EARLY_CANCEL" },
      { id: "3", status: 8, outcome: "failure:network (ECONNRESET)" }, // cut off by the kill
      { id: "4", status: 6, outcome: "BAD_STATUS" }, // the provider said no: still one call
    ];
    const result = callsPerClick(clicks, [setStatus("1", 6), setStatus("3", 8), setStatus("4", 6)]);
    expect(result).toMatchObject({ pairs: 4, reached: 2, refused: 2, unsure: 1, sameTime: 1, wrong: [], unexplained: 0 });
  });
  it("allows a second call for a cancel the provider refused and that was clicked again later", () => {
    const clicks = [
      { id: "5", status: 8, outcome: "EARLY_CANCEL_DENIED" },
      { id: "5", status: 8, outcome: "ok" },
      { id: "5", status: 8, outcome: "NOT_ALLOWED_CANCELLED" },
    ];
    expect(callsPerClick(clicks, [setStatus("5", 8), setStatus("5", 8, 5000)]).wrong).toEqual([]);
    expect(callsPerClick(clicks, [setStatus("5", 8)]).wrong).toHaveLength(1);
  });
  it("flags a second call for one click, a call for a refused click and a call nobody clicked", () => {
    const clicks = [
      { id: "1", status: 6, outcome: "ok" },
      { id: "1", status: 6, outcome: "ok" },
      { id: "2", status: 8, outcome: "ACTION_IN_PROGRESS" },
    ];
    const result = callsPerClick(clicks, [setStatus("1", 6), setStatus("1", 6, 50), setStatus("2", 8), setStatus("9", 3)]);
    expect(result.wrong).toHaveLength(2); // two successes of one cancel; a call for a refused click
    expect(result.unexplained).toBe(1);
  });
});

describe("callsPerOrder", () => {
  it("wants one getNumber per orderId and one activation for both answers of a resubmit", () => {
    const orders = [
      { orderId: "a", outcome: "ok", activationId: "100", twice: true },
      { orderId: "a", outcome: "ok", activationId: "100", twice: true },
      { orderId: "b", outcome: "ORDER_IN_PROGRESS", activationId: null, twice: true },
      { orderId: "b", outcome: "ok", activationId: "101", twice: true },
    ];
    const log = [call("getNumberV2", 0, 100), call("getNumberV2", 0, 100)];
    expect(callsPerOrder(orders, log)).toMatchObject({ orders: 2, resubmitted: 2, reached: 2, calls: 2, ok: true });
    expect(callsPerOrder(orders, [...log, call("getNumberV2", 0, 100)]).ok).toBe(false);
    const split = [orders[0], { ...orders[1], activationId: "102" }];
    expect(callsPerOrder(split, log.slice(0, 1)).disagreements).toEqual(["a"]);
  });
});

describe("missingAudit", () => {
  const killAt = T + 10_000;
  const rows = [
    { action: "setStatus", activation_id: "1", detail: "6 (finish)", outcome: "sent", key_id: "K" },
    { action: "setStatus", activation_id: "1", detail: "6 (finish)", outcome: "ok", key_id: "K" },
    { action: "setStatus", activation_id: "2", detail: "8 (cancel)", outcome: "sent", key_id: "K" },
    { action: "getStatus", activation_id: "3", detail: null, outcome: "ok", key_id: "K" },
    { action: "getNumber", activation_id: "4", detail: "tg/0", outcome: "ok", key_id: "K" },
  ];
  it("matches every audited call to its row and sets apart the calls the kill cut off", () => {
    const log = [
      call("setStatus", 1000, 1100, { id: "1", status: "6" }),
      call("setStatus", 9_900, null, { id: "2", status: "8" }), // in flight at the kill: intent row only
      call("getStatus", 2000, 2100, { id: "3" }),
      call("getNumberV2", 3000, 3100),
      call("getActiveActivations", 3000, 3100), // never audited
    ];
    expect(missingAudit(log, rows, killAt, { k1: "K" })).toEqual({ calls: 4, missing: 0, excused: 1, examples: [] });
  });
  it("counts a call without its row as missing when the kill does not explain it", () => {
    const log = [call("getStatus", 2000, 2100, { id: "3" }), call("getStatus", 4000, 4100, { id: "3" })];
    expect(missingAudit(log, rows, killAt, { k1: "K" })).toMatchObject({ missing: 1, examples: ["getStatus/3"] });
    expect(missingAudit(log, rows, null, { k1: "K" }).missing).toBe(1);
  });
});

describe("serverErrors", () => {
  it("blames the survivor for 5xx and unanswered requests, never the killed instance's cut-off ones", () => {
    const http = [
      { inst: "B", status: 200, at: 1 },
      { inst: "B", status: 502, at: 2 },
      { inst: "B", status: 0, at: 3 },
      { inst: "A", status: 0, at: 25 },
      { inst: "A", status: 500, at: 50 },
    ];
    expect(serverErrors(http, "A", 20, 45)).toEqual({
      survivor5xx: 1,
      survivorNoAnswer: 1,
      victimBeforeKill5xx: 0,
      victimAfterRestart5xx: 1,
      victimCutOff: 1,
    });
  });
});
