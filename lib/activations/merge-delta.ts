// The browser's side of GET /api/activations' 304s and deltas (the server's: ./poll.ts): folds an
// answer into the copy the table shows. Pure and client-safe. Rows are named by (keyId, id): two
// keys of a team can hand out the same provider id. Whatever did not change keeps its object, and
// the list keeps its reference when no row changed, so React (and TanStack Query's structural
// sharing) skip the work.
import type { ActivationDto, ActivationsData, ActivationsPage, KeyTimingDto } from "./dto";
import { positionsOf, rowKey } from "./row-key";
import type { ActivationState } from "./state-machine";

/** Ended activations stay in the table this long, so operators see how theirs ended. */
export const RECENT_MS = 24 * 60 * 60_000;

const ACTIVE = new Set<ActivationState>(["waiting", "code_received", "waiting_retry"]);

// Where each row of a list is (./row-key.ts): built once per list, and handed on to the list a
// merge makes by replacing rows in place (the same keys at the same places).

/**
 * The server's table set, judged in the browser: a row of one of the team's keys, active or
 * written (so ended) within RECENT_MS of the server's clock. Rows leave it without any write
 * (time passes; a key leaves the keys list), so no delta ever names them: the merge drops them.
 */
export function inTableSet(
  a: ActivationDto,
  keyIds: ReadonlySet<string>,
  serverNowMs: number,
): boolean {
  return keyIds.has(a.keyId) && (ACTIVE.has(a.state) || a.updatedAtMs >= serverNowMs - RECENT_MS);
}

/** The server's order (rows.ts listActivations): newest purchase first, then id, then key. */
export function compareRows(a: ActivationDto, b: ActivationDto): number {
  if (a.purchasedAtMs !== b.purchasedAtMs) return b.purchasedAtMs - a.purchasedAtMs;
  if (a.id !== b.id) return a.id < b.id ? 1 : -1;
  if (a.keyId !== b.keyId) return a.keyId < b.keyId ? 1 : -1;
  return 0;
}

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A full read replaces the list; a row whose version did not move keeps its old object. */
function replaceAll(
  previous: ActivationDto[],
  incoming: ActivationDto[],
  keyIds: ReadonlySet<string>,
  nowMs: number,
) {
  const inSet = incoming.filter((a) => inTableSet(a, keyIds, nowMs));
  if (previous.length === 0) return inSet;
  const at = positionsOf(previous);
  const next = inSet.map((a) => {
    const i = at.get(rowKey(a));
    const kept = i === undefined ? undefined : previous[i];
    return kept && kept.updatedAtMs === a.updatedAtMs ? kept : a;
  });
  return sameElements(previous, next) ? previous : next;
}

/**
 * The usual delta (a code came, a status moved): every newer row sent is one we hold, still in
 * the table set, at the same purchase time; so each takes its old row's place, and nothing else
 * moves. O(rows sent), plus one cheap pass for rows that aged out. null: anything else (a new
 * row, one leaving, an order change), which mergeChanged handles in full.
 */
function replaceInPlace(
  previous: ActivationDto[],
  newest: ReadonlyMap<string, ActivationDto>,
  keyIds: ReadonlySet<string>,
  nowMs: number,
): ActivationDto[] | null {
  const at = positionsOf(previous);
  let next: ActivationDto[] | null = null;
  for (const [key, fresh] of newest) {
    const i = at.get(key);
    const old = i === undefined ? undefined : previous[i];
    if (i === undefined || old === undefined) {
      if (inTableSet(fresh, keyIds, nowMs)) return null;
      continue;
    }
    if (fresh.updatedAtMs <= old.updatedAtMs) continue;
    if (fresh.purchasedAtMs !== old.purchasedAtMs || !inTableSet(fresh, keyIds, nowMs)) return null;
    next ??= previous.slice();
    next[i] = fresh;
  }
  const result = next ?? previous;
  if (!result.every((a) => inTableSet(a, keyIds, nowMs))) return null;
  if (next) positionsOf.carry(previous, next);
  return result;
}

/** The newest version of each row a delta sends (the overlap window may send one twice). */
function newestByKey(incoming: ActivationDto[]): Map<string, ActivationDto> {
  const newest = new Map<string, ActivationDto>();
  for (const a of incoming) {
    const seen = newest.get(rowKey(a));
    if (!seen || a.updatedAtMs > seen.updatedAtMs) newest.set(rowKey(a), a);
  }
  return newest;
}

/**
 * A delta: each row sent replaces ours when its version is newer (rows re-sent from the overlap
 * window carry the version we have, and keep our object), new ones are added in order, and rows
 * that left the table set are dropped.
 */
function mergeChanged(
  previous: ActivationDto[],
  incoming: ActivationDto[],
  keyIds: ReadonlySet<string>,
  nowMs: number,
) {
  const inPlace = replaceInPlace(previous, newestByKey(incoming), keyIds, nowMs);
  if (inPlace) return inPlace;
  const changed = newestByKey(incoming);
  let touched = false;
  let resort = false;
  const next: ActivationDto[] = [];
  for (const old of previous) {
    const key = rowKey(old);
    const fresh = changed.get(key);
    if (fresh) changed.delete(key);
    const row = fresh && fresh.updatedAtMs > old.updatedAtMs ? fresh : old;
    if (row !== old) {
      touched = true;
      if (row.purchasedAtMs !== old.purchasedAtMs) resort = true;
    }
    if (!inTableSet(row, keyIds, nowMs)) {
      touched = true;
      continue;
    }
    next.push(row);
  }
  for (const fresh of changed.values()) {
    if (!inTableSet(fresh, keyIds, nowMs)) continue;
    next.push(fresh);
    touched = true;
    resort = true;
  }
  if (resort) next.sort(compareRows);
  return touched ? next : previous;
}

/** The same keys part (names, banners, timings) keeps its array, so nothing keyed on it re-renders. */
function sameKeys(a: KeyTimingDto[], b: KeyTimingDto[]): boolean {
  return (
    a.length === b.length &&
    a.every((k, i) => {
      const o = b[i];
      return (
        o !== undefined &&
        k.id === o.id &&
        k.name === o.name &&
        k.enabled === o.enabled &&
        k.earlyCancelSeconds === o.earlyCancelSeconds &&
        k.clockOffsetMs === o.clockOffsetMs &&
        k.blocked === o.blocked
      );
    })
  );
}

/** Folds a 200 answer (full or delta) into the browser's copy; `etag` is the answer's ETag header. */
export function mergePage(
  previous: ActivationsData | undefined,
  page: ActivationsPage,
  etag: string | null,
): ActivationsData {
  const keys = previous && sameKeys(previous.keys, page.keys) ? previous.keys : page.keys;
  const keyIds = new Set(keys.map((k) => k.id));
  const before = previous?.activations ?? [];
  // A delta without a copy to apply it to cannot happen (no cursor is sent without one); were it
  // to, showing what came is better than nothing, and the next full read corrects it.
  const activations =
    page.full || !previous
      ? replaceAll(before, page.activations, keyIds, page.serverNowMs)
      : mergeChanged(before, page.activations, keyIds, page.serverNowMs);
  return { serverNowMs: page.serverNowMs, keys, activations, cursor: page.cursor, etag };
}

/**
 * A 304: nothing of the team's table changed. The server's clock and each key's provider clock
 * offset still arrive (in headers, outside the validator, so their jitter never turns a poll into
 * a 200), and ended rows that aged out of the window are dropped.
 */
export function applyNotModified(
  previous: ActivationsData,
  serverNowMs: number,
  offsets: Readonly<Record<string, number>>,
): ActivationsData {
  const moved = previous.keys.some(
    (k) => offsets[k.id] !== undefined && offsets[k.id] !== k.clockOffsetMs,
  );
  const keys = moved
    ? previous.keys.map((k) => ({ ...k, clockOffsetMs: offsets[k.id] ?? k.clockOffsetMs }))
    : previous.keys;
  const keyIds = new Set(keys.map((k) => k.id));
  const kept = previous.activations.filter((a) => inTableSet(a, keyIds, serverNowMs));
  const activations = kept.length === previous.activations.length ? previous.activations : kept;
  return { ...previous, serverNowMs, keys, activations };
}

/** The X-Clock-Offsets header: `{"<keyId>": ms}`; anything unreadable counts as no news. */
export function parseOffsets(header: string | null): Record<string, number> {
  if (!header) return {};
  try {
    const value: unknown = JSON.parse(header);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, number] =>
          typeof entry[1] === "number" && Number.isFinite(entry[1]),
      ),
    );
  } catch {
    return {};
  }
}
