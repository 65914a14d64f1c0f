import "server-only";

// Each provider's clock, learned from the HTTP Date header of its answers. The early-cancel
// window and the lifetime are the provider's rules on the provider's clock, so the buttons
// follow that clock, not ours (this is also what lets tests move the simulator's clock).
// Kept on globalThis: instrumentation and route bundles each get their own module instances.

const store = globalThis as unknown as {
  smsDeskClockOffsets?: Map<string, number>;
  smsDeskClockMeasuredAt?: Map<string, number>;
};
store.smsDeskClockOffsets ??= new Map<string, number>();
store.smsDeskClockMeasuredAt ??= new Map<string, number>();
const offsets = store.smsDeskClockOffsets;
/** When this process last read the provider's Date itself (local clock). */
const measuredAt = store.smsDeskClockMeasuredAt;

/** Date headers have one-second resolution: ignore jitter below that. */
const RESOLUTION_MS = 1000;
/** A measurement of our own this recent beats the one stored by the key's sync holder. */
export const OWN_MEASUREMENT_FRESH_MS = 10_000;

export function recordProviderDate(keyId: string, providerNowMs: number, localNowMs: number) {
  const measured = providerNowMs - localNowMs;
  const previous = offsets.get(keyId);
  measuredAt.set(keyId, localNowMs);
  if (previous === undefined || Math.abs(measured - previous) >= RESOLUTION_MS) {
    offsets.set(keyId, measured);
  }
}

/**
 * The offset the key's sync holder measured and stored (provider_keys.clock_offset_ms): an
 * instance that does not sync a key rarely calls its provider, so it follows the holder's
 * measurement unless it measured one itself in the last OWN_MEASUREMENT_FRESH_MS. Assumes the
 * instances' own clocks agree (NTP), as the offset is relative to the holder's clock.
 */
export function adoptStoredOffset(keyId: string, storedOffsetMs: number, localNowMs = Date.now()) {
  if (!Number.isFinite(storedOffsetMs)) return;
  const ownAt = measuredAt.get(keyId);
  if (ownAt !== undefined && localNowMs - ownAt < OWN_MEASUREMENT_FRESH_MS) return;
  offsets.set(keyId, storedOffsetMs);
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
