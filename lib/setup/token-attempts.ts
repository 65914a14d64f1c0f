import "server-only";

// Wrong setup tokens, counted in memory per client address and in total over a fixed window.
// A generated token has 192 bits, so the limit is not what keeps it secret; it keeps a chosen
// SETUP_TOKEN (16+ characters) out of reach of guessing and keeps the log short. The total
// bounds a visitor who rotates addresses; at worst it delays a remote operator by one window,
// and a browser on the server itself needs no token at all. Nothing goes to the audit log: there
// is no team yet, and signed-out visitors must not be able to fill the database.

export const SETUP_TOKEN_WINDOW_MS = 15 * 60_000;
export const SETUP_TOKEN_FAILURES_PER_ADDRESS = 10;
export const SETUP_TOKEN_FAILURES_TOTAL = 100;

type Window = { start: number; count: number };
type Attempts = { byAddress: Map<string, Window>; total: Window };

const store = globalThis as unknown as { smsDeskSetupTokenAttempts?: Attempts };

function attempts(): Attempts {
  store.smsDeskSetupTokenAttempts ??= { byAddress: new Map(), total: { start: 0, count: 0 } };
  return store.smsDeskSetupTokenAttempts;
}

function current(window: Window | undefined, now: number): Window {
  return window && now - window.start < SETUP_TOKEN_WINDOW_MS ? window : { start: now, count: 0 };
}

/** True when this address (or everyone together) used up the window's wrong guesses. */
export function setupTokenThrottled(address: string, now = Date.now()): boolean {
  const a = attempts();
  return (
    current(a.byAddress.get(address), now).count >= SETUP_TOKEN_FAILURES_PER_ADDRESS ||
    current(a.total, now).count >= SETUP_TOKEN_FAILURES_TOTAL
  );
}

/** Counts one wrong token; returns the address's count in this window. */
export function recordWrongSetupToken(address: string, now = Date.now()): number {
  const a = attempts();
  // Expired windows go, so the map cannot grow past one window's distinct addresses.
  for (const [key, window] of a.byAddress)
    if (now - window.start >= SETUP_TOKEN_WINDOW_MS) a.byAddress.delete(key);
  const mine = current(a.byAddress.get(address), now);
  mine.count += 1;
  a.byAddress.set(address, mine);
  a.total = current(a.total, now);
  a.total.count += 1;
  return mine.count;
}

/** Tests only: start from a clean slate. */
export function resetSetupTokenAttempts(): void {
  store.smsDeskSetupTokenAttempts = undefined;
}
