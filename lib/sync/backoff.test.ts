import { describe, expect, it } from "vitest";
import { backoffMs } from "./registry";

describe("sync backoff", () => {
  it.each([
    [1, 500, 1000],
    [2, 1000, 2000],
    [3, 2000, 4000],
    [4, 4000, 8000],
    [10, 30_000, 60_000],
    [50, 30_000, 60_000],
  ])("after %i failures waits between %i and %i ms (base 500)", (failures, low, high) => {
    expect(backoffMs(500, failures, () => 0)).toBe(low);
    expect(backoffMs(500, failures, () => 1)).toBe(high);
  });
});
