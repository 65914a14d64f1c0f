import "server-only";
import { narrowOffsetMs, type OffsetWindow, windowMiddleMs } from "@/lib/clock-window";
import type { ServerDateRead } from "@/lib/provider";

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

/** A Date header names the second the provider answered in. */
const DATE_RESOLUTION_MS = 1000;
/** Closer than this to an answer's window is close enough: a countdown shows whole seconds. */
const TOLERANCE_MS = 100;
/** A measurement of our own this recent beats the one stored by the key's sync holder. */
export const OWN_MEASUREMENT_FRESH_MS = 10_000;

/**
 * What one answer says the offset (provider clock minus ours) lies within: the provider read
 * its clock between our asking and the answer, and the Date header rounded it down to the second.
 */
export function providerDateWindow(read: ServerDateRead): OffsetWindow {
  return { leastMs: read.dateMs - read.answeredAtMs, mostMs: read.dateMs + DATE_RESOLUTION_MS - read.askedAtMs };
}

/**
 * The offset after one more answer. The first answer gives its window's middle (off by at most
 * half a second and half the answer time); later ones narrow it (lib/clock-window.ts), so
 * within a few calls it is as close as the answer times allow. Taking the header as the time
 * the answer arrived, as this once did, made the provider's clock up to a second and the answer
 * time behind, and a number bought just now look a second younger than it was. An answer more
 * than its window's width away is a clock that jumped (set by hand, a simulator moved): start
 * over from its middle.
 */
export function nextProviderOffsetMs(currentMs: number | undefined, read: ServerDateRead): number {
  const window = providerDateWindow(read);
  const width = window.mostMs - window.leastMs;
  if (currentMs === undefined || currentMs < window.leastMs - width || currentMs > window.mostMs + width) {
    return windowMiddleMs(window);
  }
  return narrowOffsetMs(currentMs, window, TOLERANCE_MS);
}

export function recordProviderDate(keyId: string, read: ServerDateRead) {
  measuredAt.set(keyId, read.answeredAtMs);
  offsets.set(keyId, nextProviderOffsetMs(offsets.get(keyId), read));
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

/**
 * When an activation began or ends, from the provider's "YYYY-MM-DD HH:MM:SS": the middle of the
 * second it names. The provider counts its rules (the early-cancel window, the lifetime) from an
 * instant somewhere in that second; its start made a number look up to a second older than it
 * was, and Cancel enable up to a second early. The middle is off by half a second at most.
 */
export function parseProviderInstant(value: string | null, tzOffsetMinutes: number): number | null {
  const second = parseProviderTime(value, tzOffsetMinutes);
  return second === null ? null : second + DATE_RESOLUTION_MS / 2;
}
