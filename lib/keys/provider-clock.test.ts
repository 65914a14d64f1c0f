import { describe, expect, it } from "vitest";
import { nextProviderOffsetMs, parseProviderInstant } from "./provider-clock";

const T = Date.UTC(2026, 11, 7, 12);

/** What a provider whose clock is `offsetMs` ahead of ours answers to a call asked at `askedAtMs`. */
function answer(offsetMs: number, askedAtMs: number, { readAfterMs = 5, answerMs = 10 } = {}) {
  const providerRead = askedAtMs + readAfterMs + offsetMs;
  return {
    dateMs: Math.floor(providerRead / 1000) * 1000,
    askedAtMs,
    answeredAtMs: askedAtMs + answerMs,
  };
}

describe("the provider's clock offset from Date headers", () => {
  it("starts at the middle of what the first answer allows, whatever part of the second it came in", () => {
    // Same clocks. The old estimate (header minus arrival) said the provider was up to a whole
    // second behind: a number bought just now looked a second younger than it was.
    for (let phase = 0; phase < 1000; phase += 37) {
      const offset = nextProviderOffsetMs(undefined, answer(0, T + phase, { answerMs: 40 }));
      expect(Math.abs(offset)).toBeLessThanOrEqual(500 + 20);
    }
  });

  it("narrows to the truth as answers come in at other parts of the second", () => {
    for (const truth of [0, 300, -700, 86_400_250]) {
      let offset: number | undefined;
      // Calls every 3.137 s (sync's pace plus drift): each lands at another point of the second.
      for (let i = 0; i < 12; i++) offset = nextProviderOffsetMs(offset, answer(truth, T + i * 3137));
      // Within the tolerance kept against jitter (100 ms) and the answer time (10 ms).
      expect(Math.abs((offset ?? Number.NaN) - truth)).toBeLessThanOrEqual(110);
    }
  });

  it("is not moved by an answer that agrees with it, however slow (network jitter)", () => {
    const current = nextProviderOffsetMs(undefined, answer(0, T + 500));
    expect(nextProviderOffsetMs(current, answer(0, T + 2100, { answerMs: 900, readAfterMs: 450 }))).toBe(current);
  });

  it("starts over when the provider's clock jumps, either way", () => {
    const settled = nextProviderOffsetMs(undefined, answer(0, T + 500));
    const ahead = nextProviderOffsetMs(settled, answer(60_000, T + 10_250));
    expect(Math.abs(ahead - 60_000)).toBeLessThanOrEqual(510);
    const behind = nextProviderOffsetMs(ahead, answer(-7000, T + 20_750));
    expect(Math.abs(behind + 7000)).toBeLessThanOrEqual(510);
  });
});

describe("parseProviderInstant", () => {
  it("is the middle of the second the provider names, in its time zone", () => {
    expect(parseProviderInstant("2026-03-01 12:00:00", 0)).toBe(Date.UTC(2026, 2, 1, 12) + 500);
    expect(parseProviderInstant("2026-03-01 15:00:00", 180)).toBe(Date.UTC(2026, 2, 1, 12) + 500);
    expect(parseProviderInstant(null, 0)).toBeNull();
    expect(parseProviderInstant("soon", 0)).toBeNull();
  });
});
