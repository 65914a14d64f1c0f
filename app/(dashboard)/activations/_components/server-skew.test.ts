import { describe, expect, it } from "vitest";
import { nextSkewMs } from "./server-skew";

const T = Date.UTC(2026, 11, 7, 12);

describe("nextSkewMs", () => {
  it("keeps the skew when a slow answer's window still holds it (a slow answer is no skew)", () => {
    // Same clocks; the server read its clock at T, the full read's headers came 3 s later while the
    // page hydrated. serverNow - answeredAt would say the server is 3 s behind: every row would
    // look 3 s younger than it is.
    const read = { serverNowMs: T, askedAtMs: T - 40, answeredAtMs: T + 3000 };
    expect(nextSkewMs(0, read)).toBe(0);
  });

  it("moves by the least correction that explains a read outside the window", () => {
    // The browser's clock is 5 min behind the server's: it asked at T - 5 min - 20 ms (its clock).
    const read = { serverNowMs: T, askedAtMs: T - 300_020, answeredAtMs: T - 299_950 };
    const skew = nextSkewMs(0, read);
    expect(skew).toBe(299_950);
    // And it stays wrong by at most the answer's time (70 ms).
    expect(Math.abs(skew - 300_000)).toBeLessThanOrEqual(70);
  });

  it("follows a clock that jumps, from either side", () => {
    const ahead = { serverNowMs: T, askedAtMs: T + 60_000, answeredAtMs: T + 60_100 };
    expect(nextSkewMs(0, ahead)).toBe(-60_000);
    const behind = { serverNowMs: T, askedAtMs: T - 60_100, answeredAtMs: T - 60_000 };
    expect(nextSkewMs(-60_000, behind)).toBe(60_000);
  });

  it("keeps a value within the tolerance of the window, so network jitter re-renders nothing", () => {
    const read = { serverNowMs: T, askedAtMs: T - 10, answeredAtMs: T + 10 };
    expect(nextSkewMs(200, read, 250)).toBe(200);
    expect(nextSkewMs(300, read, 250)).toBe(10);
    expect(nextSkewMs(-300, read, 250)).toBe(-10);
  });
});
