// Which rows got a new code since the last look, for the code alerts. Pure and client-safe.
// Rows keep their objects across polls (lib/activations/merge-delta.ts), so only objects not seen
// before are looked at: a poll that changed one row of 5,000 costs one lookup, not 5,000.
import type { ActivationDto } from "@/lib/activations/dto";
import { rowKey } from "./table-state";

export type CodeTracker = {
  /** Row objects already looked at. */
  seen: WeakSet<ActivationDto>;
  /** How many codes each row (by row key) had when last looked at. */
  codes: Map<string, number>;
};

/** The codes on screen when the page opens are known: they never alert. */
export function trackCodes(rows: readonly ActivationDto[]): CodeTracker {
  return {
    seen: new WeakSet(rows),
    codes: new Map(rows.map((a) => [rowKey(a), a.codes.length])),
  };
}

/** Rows with more codes than when last looked at (a new row counts from none); notes them. */
export function arrivedCodes(
  tracker: CodeTracker,
  rows: readonly ActivationDto[],
): ActivationDto[] {
  const arrived: ActivationDto[] = [];
  for (const a of rows) {
    if (tracker.seen.has(a)) continue;
    tracker.seen.add(a);
    const key = rowKey(a);
    const before = tracker.codes.get(key) ?? 0;
    tracker.codes.set(key, a.codes.length);
    if (a.codes.length > before) arrived.push(a);
  }
  return arrived;
}
