// Which rows got a new code since the last look, for the code alerts. Pure and client-safe.
// Rows keep their objects across polls (lib/activations/merge-delta.ts), so only objects not seen
// before are looked at: a poll that changed one row of 5,000 costs one lookup, not 5,000.
import type { ActivationDto } from "@/lib/activations/dto";
import { rowKey } from "./table-state";

export type CodeTracker = {
  /** Row objects already looked at. */
  seen: WeakSet<ActivationDto>;
  /** How many codes each row (by row key) had when last looked at: only rows still in the set. */
  codes: Map<string, number>;
  /** The keys (so the team) the baseline was taken for. */
  keyIds: ReadonlySet<string>;
};

/**
 * The baseline: codes received (server time) at or before `knownUntilMs` are known and never
 * alert; later ones, which arrived after the server read the page's rows, alert at the first look.
 */
export function trackCodes(
  rows: readonly ActivationDto[],
  knownUntilMs: number,
  keyIds: Iterable<string> = [],
): CodeTracker {
  const tracker: CodeTracker = { seen: new WeakSet(), codes: new Map(), keyIds: new Set(keyIds) };
  for (const a of rows) {
    const known = a.codes.filter((c) => c.at <= knownUntilMs).length;
    tracker.codes.set(rowKey(a), known);
    if (known === a.codes.length) tracker.seen.add(a);
  }
  return tracker;
}

/**
 * Whether `keyIds` belong to the team the baseline was taken for: they share a key. None in
 * common is another team (the header's switcher), whose codes are not arrivals: a new baseline.
 */
export function sameTeam(tracker: CodeTracker, keyIds: readonly string[]): boolean {
  if (tracker.keyIds.size === 0) return keyIds.length === 0;
  return keyIds.some((id) => tracker.keyIds.has(id));
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
  // Rows that left the set (ended a day ago) are forgotten, so the map stays as big as the set.
  // Only when some left: a poll that only changed rows costs no pass over all of them.
  if (tracker.codes.size > rows.length) {
    const inSet = new Set(rows.map(rowKey));
    for (const key of tracker.codes.keys()) if (!inSet.has(key)) tracker.codes.delete(key);
  }
  return arrived;
}
