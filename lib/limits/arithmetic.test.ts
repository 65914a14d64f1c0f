import { describe, expect, it } from "vitest";
import { DAY_MS, exceededLimit, isLowBalance, money, utcDayStart } from "./arithmetic";

describe("utcDayStart", () => {
  it.each([
    ["2026-12-07T00:00:00.000Z", "2026-12-07T00:00:00.000Z"],
    ["2026-12-07T23:59:59.999Z", "2026-12-07T00:00:00.000Z"],
    ["2026-12-08T00:00:00.000Z", "2026-12-08T00:00:00.000Z"],
    // 23:30 in São Paulo (UTC-3) is already the next UTC day: the day is UTC's, not the team's.
    ["2026-12-08T02:30:00.000Z", "2026-12-08T00:00:00.000Z"],
  ])("%s is in the UTC day starting %s", (at, start) => {
    expect(utcDayStart(Date.parse(at))).toBe(Date.parse(start));
  });

  it("a day is 24 hours", () => {
    expect(DAY_MS).toBe(24 * 3600 * 1000);
  });
});

describe("exceededLimit", () => {
  const member = (limit: number, spent: number) => ({ scope: "member" as const, limit, spent });
  const key = (limit: number, spent: number) => ({ scope: "key" as const, limit, spent });

  it.each([
    { name: "no limits", limits: [], cost: 1000, exceeded: null },
    { name: "well under", limits: [member(10, 2)], cost: 3, exceeded: null },
    { name: "reaching the limit exactly is allowed", limits: [member(10, 7)], cost: 3, exceeded: null },
    { name: "one cent over", limits: [member(10, 7.01)], cost: 3, exceeded: "member" },
    { name: "float sums that should fit: 0.1 + 0.2 within 0.3", limits: [key(0.3, 0.1)], cost: 0.2, exceeded: null },
    { name: "a zero limit refuses any paid order", limits: [member(0, 0)], cost: 0.01, exceeded: "member" },
    { name: "the member fits, the key does not", limits: [member(100, 0), key(5, 4)], cost: 2, exceeded: "key" },
    { name: "the first limit passed is named", limits: [member(1, 0), key(1, 0)], cost: 2, exceeded: "member" },
    { name: "already over (spent more before a lower limit was set)", limits: [key(5, 9)], cost: 0.5, exceeded: "key" },
  ])("$name", ({ limits, cost, exceeded }) => {
    expect(exceededLimit(limits, cost)?.scope ?? null).toBe(exceeded);
  });
});

describe("isLowBalance", () => {
  it.each([
    [4.99, 5, true],
    [5, 5, false],
    [100, 5, false],
    [null, 5, false],
    [1, null, false],
    [0, 0.01, true],
  ] as const)("balance %s, threshold %s → %s", (balance, threshold, low) => {
    expect(isLowBalance(balance, threshold)).toBe(low);
  });
});

describe("money", () => {
  it("rounds to cents", () => {
    expect(money(0.1 + 0.2)).toBe(0.3);
    expect(money(12.345)).toBe(12.35);
  });
});
