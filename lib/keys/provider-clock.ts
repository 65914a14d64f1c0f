import "server-only";

// Each provider's clock, learned from the HTTP Date header of its answers. The early-cancel
// window and the lifetime are the provider's rules on the provider's clock, so the buttons
// follow that clock, not ours (this is also what lets tests move the simulator's clock).
// Kept on globalThis: instrumentation and route bundles each get their own module instances.

const store = globalThis as unknown as { smsDeskClockOffsets?: Map<string, number> };
store.smsDeskClockOffsets ??= new Map<string, number>();
const offsets = store.smsDeskClockOffsets;

/** Date headers have one-second resolution: ignore jitter below that. */
const RESOLUTION_MS = 1000;

export function recordProviderDate(keyId: string, providerNowMs: number, localNowMs: number) {
  const measured = providerNowMs - localNowMs;
  const previous = offsets.get(keyId);
  if (previous === undefined || Math.abs(measured - previous) >= RESOLUTION_MS) {
    offsets.set(keyId, measured);
  }
}

export function providerNow(keyId: string, localNowMs = Date.now()): number {
  return localNowMs + (offsets.get(keyId) ?? 0);
}

/** Parses the provider's "YYYY-MM-DD HH:MM:SS" in its time zone; null when absent or invalid. */
export function parseProviderTime(value: string | null, tzOffsetMinutes: number): number | null {
  const m = value?.match(/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isFinite(utc) ? utc - tzOffsetMinutes * 60_000 : null;
}
