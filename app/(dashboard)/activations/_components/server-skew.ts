// The server's clock minus the browser's ("skew"), which every countdown and button in the table
// reads (use-ticking-clock.ts). Pure and client-safe.
//
// One answer cannot tell the skew exactly: the server read its clock (`serverNowMs`) some time
// after the browser asked and before the answer arrived, both on the browser's clock. So the skew
// lies in [serverNowMs - answeredAtMs, serverNowMs - askedAtMs]. Taking `serverNowMs - answeredAt`
// as the skew (as the table once did) is wrong by the whole answer time: a full read of 5,000 rows
// that lands while the page is still hydrating made a number bought 3 s before look brand new
// ("Cancel available in 2:00"). Keeping the current value while it lies in the window, and else
// moving it by the least correction that explains the answer, is never wrong by more than one
// answer's time, and does not jitter with the network.

/** Browser times of one read of the server's clock: asked before, answered after. */
export type ClockRead = { serverNowMs: number; askedAtMs: number; answeredAtMs: number };

/**
 * The skew after one more read: `currentMs` while it is within `toleranceMs` of the read's window
 * (a change would re-render the table for nothing a countdown can show), else the nearest point of
 * the window.
 */
export function nextSkewMs(currentMs: number, read: ClockRead, toleranceMs = 0): number {
  const least = read.serverNowMs - read.answeredAtMs;
  const most = read.serverNowMs - read.askedAtMs;
  if (currentMs >= least - toleranceMs && currentMs <= most + toleranceMs) return currentMs;
  return Math.min(Math.max(currentMs, least), most);
}
