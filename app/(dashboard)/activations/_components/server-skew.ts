// The server's clock minus the browser's ("skew"), which every countdown and button in the table
// reads (use-ticking-clock.ts). Pure and client-safe.
//
// The server read its clock (`serverNowMs`) some time after the browser asked and before the
// answer arrived, both on the browser's clock: the skew lies in [serverNowMs - answeredAtMs,
// serverNowMs - askedAtMs], narrowed as lib/clock-window.ts explains. Taking
// `serverNowMs - answeredAt` as the skew (as the table once did) is wrong by the whole answer
// time: a full read of 5,000 rows that lands while the page is still hydrating made a number
// bought 3 s before look brand new ("Cancel available in 2:00").
import { narrowOffsetMs } from "@/lib/clock-window";

/** Browser times of one read of the server's clock: asked before, answered after. */
export type ClockRead = { serverNowMs: number; askedAtMs: number; answeredAtMs: number };

/** The skew after one more read (lib/clock-window.ts: narrowOffsetMs). */
export function nextSkewMs(currentMs: number, read: ClockRead, toleranceMs = 0): number {
  const window = { leastMs: read.serverNowMs - read.answeredAtMs, mostMs: read.serverNowMs - read.askedAtMs };
  return narrowOffsetMs(currentMs, window, toleranceMs);
}
