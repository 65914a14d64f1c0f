import { describe, expect, it } from "vitest";
import { maxExcess, servedOrder } from "./bucket-test-kit";
import {
  byPriority,
  type CallPriority,
  TokenBucket,
  USER_TURNS_BEFORE_BACKGROUND,
} from "./token-bucket";

/** A clock whose sleeps end at once (time jumps forward). */
function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

/** A clock whose sleeps end only when the test moves time past them. */
function manualClock() {
  let t = 0;
  const timers: { at: number; done: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((done) => timers.push({ at: t + ms, done })),
    async advanceTo(target: number) {
      await flush();
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > target) break;
        timers.shift();
        t = next.at;
        next.done();
        await flush();
      }
      t = target;
      await flush();
    },
  };
}

describe("TokenBucket", () => {
  it("lets a burst through at once, then paces calls at the rate", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 5, clock.now, clock.sleep);
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      await bucket.acquire("user");
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

  it("serves concurrent callers of one class in order", async () => {
    for (const priority of ["user", "background"] as const) {
      const clock = fakeClock();
      const bucket = new TokenBucket(1, 1, clock.now, clock.sleep);
      const order: number[] = [];
      await Promise.all([0, 1, 2].map((i) => bucket.acquire(priority).then(() => order.push(i))));
      expect(order).toEqual([0, 1, 2]);
      expect(clock.now()).toBeGreaterThanOrEqual(2000);
    }
  });

  it("serves waiting user calls before waiting background calls", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(1, 1, clock.now, clock.sleep);
    expect(await servedOrder(bucket.acquire)).toEqual(["b0", "u0", "u1", "b1", "b2"]);
  });

  it("leaves the last token to user calls: a click during a sync burst is served at once", async () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 3, clock.now, clock.sleep);
    const background: number[] = [];
    for (let i = 0; i < 10; i++)
      void bucket.acquire("background").then(() => background.push(clock.now()));
    await clock.advanceTo(250);
    // Two at once (the third token stays), then one each time the bucket is back to two.
    expect(background).toEqual([0, 0, 100, 200]);
    let userAt = -1;
    void bucket.acquire("user").then(() => {
      userAt = clock.now();
    });
    await clock.advanceTo(250);
    expect(userAt).toBe(250);
    await clock.advanceTo(2000);
    expect(background).toHaveLength(10);
    // The click cost background a token, not the rate: the next waits for the refill.
    expect(background[4]).toBe(400);
    expect(maxExcess([...background, userAt], 10, 3)).toBeLessThanOrEqual(1e-9);
  });

  it("never grants more than the rate, whatever the mix of classes", async () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 10, clock.now, clock.sleep);
    const times: number[] = [];
    const take = (priority: CallPriority) =>
      void bucket.acquire(priority).then(() => times.push(clock.now()));
    for (let i = 0; i < 40; i++) take("background");
    for (let at = 0; at < 3000; at += 70) {
      await clock.advanceTo(at);
      take(at % 210 === 0 ? "background" : "user");
    }
    await clock.advanceTo(20_000);
    expect(times).toHaveLength(40 + Math.ceil(3000 / 70));
    expect(maxExcess(times, 10, 10)).toBeLessThanOrEqual(1e-9);
  });

  it(`serves one background call after ${USER_TURNS_BEFORE_BACKGROUND} user calls in a row, so clicks cannot starve sync`, async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 1, clock.now, clock.sleep);
    const order: string[] = [];
    const calls = [
      ...Array.from({ length: 15 }, (_, i) =>
        bucket.acquire("user").then(() => order.push(`u${i}`)),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        bucket.acquire("background").then(() => order.push(`b${i}`)),
      ),
    ];
    await Promise.all(calls);
    const turns = USER_TURNS_BEFORE_BACKGROUND + 1;
    expect(order.indexOf("b0")).toBe(turns - 1);
    expect(order.indexOf("b1")).toBe(2 * turns - 1);
    expect(order.indexOf("b2")).toBe(3 * turns - 1);
  });
});

describe("byPriority (the queue in front of a bucket)", () => {
  it("serves a user call that came while a background try was under way without sleeping first", async () => {
    let finishTry: (() => void) | null = null;
    const tries: boolean[] = [];
    const sleeps: number[] = [];
    const acquire = byPriority<string>(
      async (keepReserve) => {
        tries.push(keepReserve);
        // The first try (background, keeping the reserve) is refused, after a slow database.
        if (tries.length === 1) {
          await new Promise<void>((r) => (finishTry = r));
          return { granted: false, waitMs: 1000 };
        }
        return { granted: true, value: keepReserve ? "background" : "user" };
      },
      async (ms) => void sleeps.push(ms),
    );
    const background = acquire("background");
    await flush();
    const user = acquire("user");
    (finishTry as (() => void) | null)?.();
    expect(await user).toBe("user");
    expect(sleeps).toEqual([]);
    expect(await background).toBe("background");
    expect(tries).toEqual([true, false, true]);
  });

  it("rejects only the caller whose try failed; the next one is served", async () => {
    let calls = 0;
    const acquire = byPriority<number>(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error("database down");
        return { granted: true, value: calls };
      },
      async () => {},
    );
    const first = acquire("user");
    const second = acquire("user");
    await expect(first).rejects.toThrow("database down");
    expect(await second).toBe(2);
  });
});
