// Estimating another machine's clock from its answers. Pure and client-safe: the table narrows
// the server's clock with it (app/(dashboard)/activations/_components/server-skew.ts), the server
// the provider's (lib/keys/provider-clock.ts).
//
// One answer cannot tell the offset (their clock minus ours) exactly: they read their clock some
// time after we asked and before the answer came, and may have rounded it (an HTTP Date header
// has whole seconds). So each answer bounds the offset to a window. Keeping the current value
// while it lies in the window, and else moving it by the least correction that explains the
// answer, never moves away from the truth: each answer can only bring the estimate closer, and
// network jitter changes nothing.

/** What one answer says the offset (their clock minus ours) lies within. */
export type OffsetWindow = { leastMs: number; mostMs: number };

/**
 * The offset after one more answer: `currentMs` while it is within `toleranceMs` of the window
 * (a change would re-render for nothing a countdown can show), else the nearest point of it.
 */
export function narrowOffsetMs(currentMs: number, window: OffsetWindow, toleranceMs = 0): number {
  if (currentMs >= window.leastMs - toleranceMs && currentMs <= window.mostMs + toleranceMs) return currentMs;
  return Math.min(Math.max(currentMs, window.leastMs), window.mostMs);
}

/** The middle of the window: the first estimate, off by at most half its width. */
export function windowMiddleMs(window: OffsetWindow): number {
  return Math.round((window.leastMs + window.mostMs) / 2);
}
