import { describe, expect, it } from "vitest";
import { TokenBucket } from "./token-bucket";

function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe("TokenBucket", () => {
  it("lets a burst through at once, then paces calls at the rate", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 5, clock.now, clock.sleep);
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      await bucket.acquire();
      times.push(clock.now());
    }
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    // 20 more calls at 10/s take 2 s.
    expect(times.at(-1)).toBeGreaterThanOrEqual(2000);
    expect(times.at(-1)).toBeLessThanOrEqual(2100);
    // Never more than burst + rate x elapsed calls by any moment.
    times.forEach((t, i) => {
      expect(i + 1).toBeLessThanOrEqual(5 + Math.floor((t / 1000) * 10) + 1);
    });
  });

  it("serves concurrent callers in order", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(1, 1, clock.now, clock.sleep);
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => bucket.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2]);
    expect(clock.now()).toBeGreaterThanOrEqual(2000);
  });
});
