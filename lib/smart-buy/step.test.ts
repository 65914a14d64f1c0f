import { describe, expect, it } from "vitest";
import { afterAttempt, attemptAt, nextAttempt, RECHECK_MS, type SmartBuyPlan } from "./step";

const plan: SmartBuyPlan = { countries: ["6", "73", "0"], everySeconds: 30, maxRounds: 2 };
const NOW = 1_000_000;
const none = (code = "NO_NUMBERS") => ({ ok: false as const, code });

describe("the walk", () => {
  it("goes through the countries in order, round after round, and ends after the last round", () => {
    const walk: string[] = [];
    for (
      let seq = 0, next = nextAttempt(plan, seq);
      next;
      seq = next.seq, next = nextAttempt(plan, seq)
    ) {
      walk.push(`${next.seq}:r${next.round}:${next.country}`);
    }
    expect(walk).toEqual(["1:r1:6", "2:r1:73", "3:r1:0", "4:r2:6", "5:r2:73", "6:r2:0"]);
    expect(attemptAt(plan, 4)).toEqual({ seq: 4, round: 2, country: "6" });
  });
});

describe("after an attempt", () => {
  it("tries the next country at once after NO_NUMBERS or WRONG_MAX_PRICE", () => {
    expect(afterAttempt(plan, 1, none(), NOW)).toEqual({
      state: "running",
      nextAt: NOW,
      activationId: null,
      lastError: "NO_NUMBERS",
      settled: true,
    });
    expect(afterAttempt(plan, 2, none("WRONG_MAX_PRICE"), NOW)).toMatchObject({
      state: "running",
      nextAt: NOW,
    });
  });

  it("waits every_seconds after a round where every country failed", () => {
    expect(afterAttempt(plan, 3, none(), NOW)).toMatchObject({
      state: "running",
      nextAt: NOW + 30_000,
    });
  });

  it("is exhausted after the last country of the last round", () => {
    expect(afterAttempt(plan, 6, none(), NOW)).toMatchObject({
      state: "exhausted",
      lastError: "NO_NUMBERS",
    });
    expect(afterAttempt({ ...plan, maxRounds: 1 }, 3, none(), NOW)).toMatchObject({
      state: "exhausted",
    });
  });

  it("is bought with the number, whatever the round", () => {
    expect(afterAttempt(plan, 2, { ok: true, activationId: "42" }, NOW)).toEqual({
      state: "bought",
      nextAt: NOW,
      activationId: "42",
      lastError: null,
      settled: true,
    });
  });

  it("fails on any other provider error (a ban, a bad key, no balance, a limit)", () => {
    for (const code of ["BANNED", "BAD_KEY", "NO_BALANCE", "LIMIT_MEMBER_DAILY", "KEY_BANNED"]) {
      expect(afterAttempt(plan, 1, none(code), NOW)).toMatchObject({
        state: "failed",
        lastError: code,
        settled: true,
      });
    }
  });

  it("stops for good when the order's outcome cannot be known", () => {
    expect(afterAttempt(plan, 1, none("ORDER_UNKNOWN"), NOW)).toMatchObject({
      state: "unknown",
      settled: true,
    });
  });

  it("runs the same attempt again shortly while its earlier call may still be under way", () => {
    expect(afterAttempt(plan, 2, none("ORDER_IN_PROGRESS"), NOW)).toEqual({
      state: "running",
      nextAt: NOW + RECHECK_MS,
      activationId: null,
      lastError: "ORDER_IN_PROGRESS",
      settled: false,
    });
  });
});
