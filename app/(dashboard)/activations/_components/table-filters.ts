// Search, filters, counts per state and sorting of the activation table, over the whole set the
// query returns. Pure and client-safe: the view memoizes each step on its own inputs, so typing
// in the search box never re-sorts and a poll that changed nothing recomputes nothing.
import type { ActivationDto } from "@/lib/activations/dto";
import {
  ACTIVATION_STATES,
  type ActivationState,
  effectiveState,
} from "@/lib/activations/state-machine";
import { countryName, serviceName } from "@/lib/catalog";

/** The state filter's choices, as `?status=` has always spelled them (old links keep working). */
export const STATE_FILTERS = ["active", "all", ...ACTIVATION_STATES] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export const SORT_ORDERS = ["purchased", "timeLeft"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export type TableFilters = {
  /** Free text: number, activation id, any received code, service or country (code or name). */
  q: string;
  key: string | null;
  service: string | null;
  country: string | null;
  status: StateFilter;
  /** Only rows ordered by, or last acted on by, the signed-in user. */
  mine: boolean;
  sort: SortOrder;
};

export const DEFAULT_FILTERS: TableFilters = {
  q: "",
  key: null,
  service: null,
  country: null,
  status: "all",
  mine: false,
  sort: "purchased",
};

/** Everything but the state and the order: the set the counts per state describe. */
export type NarrowFilters = Pick<TableFilters, "q" | "key" | "service" | "country" | "mine">;

/** The server's clock (ms) and each key's provider offset: a row's state follows its provider. */
export type FilterClock = { serverNowMs: number; offsets: ReadonlyMap<string, number> };

const ACTIVE: ReadonlySet<ActivationState> = new Set(["waiting", "code_received", "waiting_retry"]);

const providerNow = (clock: FilterClock, keyId: string) =>
  clock.serverNowMs + (clock.offsets.get(keyId) ?? 0);

export function stateOf(row: ActivationDto, clock: FilterClock): ActivationState {
  return effectiveState(row, providerNow(clock, row.keyId));
}

// One lower-cased text per row object, built once: a poll that keeps unchanged rows (same
// objects) costs nothing here, and a search over 5,000 rows is 5,000 `includes`.
const haystacks = new WeakMap<ActivationDto, string>();

function haystack(row: ActivationDto): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    // A separator no query contains, so a match never spans two fields.
    text = [
      row.id,
      row.phone,
      ...row.codes.map((c) => c.code),
      row.service,
      serviceName(row.service),
      row.countryCode,
      countryName(row.countryCode, row.countryName),
      // The provider's own name too (shown only for codes we do not name), as the history's search does.
      row.countryName ?? "",
    ]
      .join("\u0000")
      .toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** What the user typed, as the matcher compares it. */
export function normalizeQuery(q: string): string {
  return q.trim().toLowerCase();
}

/** A phone number typed the way people write one: "+55 (11) 98765-4321" → "5511987654321". */
const PHONE_LIKE = /^[+\d\s().-]+$/;

/** `needle` is already normalized (normalizeQuery); an empty one matches everything. */
export function matchesSearch(row: ActivationDto, needle: string): boolean {
  if (needle === "") return true;
  if (haystack(row).includes(needle)) return true;
  if (!PHONE_LIKE.test(needle)) return false;
  const digits = needle.replace(/\D/g, "");
  return digits !== "" && row.phone.includes(digits);
}

/**
 * Ordered here by me (`orderedBy`) or last acted on by me (`lastActor`). Both hold the actor's
 * email (Actor.label, as actions record it); emails compare case-insensitively.
 */
export function isMine(row: ActivationDto, me: string | null): boolean {
  if (!me) return false;
  const mine = me.toLowerCase();
  return row.orderedBy?.toLowerCase() === mine || row.lastActor?.toLowerCase() === mine;
}

/** Rows that match the search and every filter except the state. */
export function narrow<T extends ActivationDto>(
  rows: readonly T[],
  f: NarrowFilters,
  me: string | null,
): T[] {
  const needle = normalizeQuery(f.q);
  return rows.filter(
    (row) =>
      (f.key === null || row.keyId === f.key) &&
      (f.service === null || row.service === f.service) &&
      (f.country === null || row.countryCode === f.country) &&
      (!f.mine || isMine(row, me)) &&
      matchesSearch(row, needle),
  );
}

export function matchesState(state: ActivationState, filter: StateFilter): boolean {
  if (filter === "all") return true;
  if (filter === "active") return ACTIVE.has(state);
  return state === filter;
}

export type StateCounts = Record<StateFilter, number>;

export function countStates(rows: readonly ActivationDto[], clock: FilterClock): StateCounts {
  const counts = Object.fromEntries(STATE_FILTERS.map((f) => [f, 0])) as StateCounts;
  for (const row of rows) {
    const state = stateOf(row, clock);
    counts[state] += 1;
    if (ACTIVE.has(state)) counts.active += 1;
  }
  counts.all = rows.length;
  return counts;
}

export function filterByState<T extends ActivationDto>(
  rows: readonly T[],
  filter: StateFilter,
  clock: FilterClock,
): T[] {
  if (filter === "all") return [...rows];
  return rows.filter((row) => matchesState(stateOf(row, clock), filter));
}

/** Activation ids are digit strings: shorter is smaller, then text order is number order. */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Equal sort keys: by key, then by id in the sort's direction (`idSign` 1 ascending, -1 not). */
function compareTies(a: ActivationDto, b: ActivationDto, idSign: 1 | -1): number {
  if (a.keyId !== b.keyId) return a.keyId < b.keyId ? -1 : 1;
  return idSign * compareIds(a.id, b.id);
}

/**
 * Newest purchase first, or least time left first with the rows that have none (ended, or past
 * their lifetime) last. Ties by key, then id, so equal rows never swap places between renders:
 * newest first puts the higher id first (purchase times have whole seconds, ids grow), time left
 * the lower.
 * The time-left key (expiry on the server's clock) does not move as time passes, so the order
 * only changes when a row runs out: the clock is read for that and nothing else.
 */
export function sortRows<T extends ActivationDto>(
  rows: readonly T[],
  sort: SortOrder,
  clock: FilterClock,
): T[] {
  const keyed = rows.map((row) => ({ row, key: sortKey(row, sort, clock) }));
  const idSign = sort === "purchased" ? -1 : 1;
  // Infinity - Infinity is NaN (two rows without time left): falsy, so the ties decide.
  keyed.sort((a, b) => a.key - b.key || compareTies(a.row, b.row, idSign));
  return keyed.map((k) => k.row);
}

/** The value a row sorts by (ties aside, which its key and id settle). */
export function sortKey(row: ActivationDto, sort: SortOrder, clock: FilterClock): number {
  if (sort === "purchased") return -row.purchasedAtMs;
  const state = stateOf(row, clock);
  if (!ACTIVE.has(state)) return Number.POSITIVE_INFINITY;
  return row.expiresAtMs - (clock.offsets.get(row.keyId) ?? 0);
}

/**
 * Milliseconds until the next waiting row runs out (and so changes state, counts and place in
 * the time-left order), or null when none will: the view re-reads the clock only then.
 */
export function msUntilNextExpiry(
  rows: readonly ActivationDto[],
  clock: FilterClock,
): number | null {
  let next: number | null = null;
  for (const row of rows) {
    if (row.state !== "waiting") continue;
    const left = row.expiresAtMs - providerNow(clock, row.keyId);
    if (left > 0 && (next === null || left < next)) next = left;
  }
  return next;
}

export type Option = { value: string; label: string };

/**
 * The services and countries the whole set holds (not the filtered part, so a choice never
 * disappears because of another filter), by name; a value from the URL that no row has is kept
 * so the select still shows what is applied.
 */
export function filterOptions(
  rows: readonly ActivationDto[],
  selected: Pick<TableFilters, "service" | "country">,
): { services: Option[]; countries: Option[] } {
  const services = new Map<string, string>();
  const countries = new Map<string, string>();
  for (const row of rows) {
    if (!services.has(row.service)) services.set(row.service, serviceName(row.service));
    if (!countries.has(row.countryCode))
      countries.set(row.countryCode, countryName(row.countryCode, row.countryName));
  }
  if (selected.service !== null && !services.has(selected.service))
    services.set(selected.service, serviceName(selected.service));
  if (selected.country !== null && !countries.has(selected.country))
    countries.set(selected.country, countryName(selected.country, null));
  const byLabel = (a: Option, b: Option) =>
    a.label.localeCompare(b.label) || a.value.localeCompare(b.value);
  return {
    services: [...services].map(([value, label]) => ({ value, label })).sort(byLabel),
    countries: [...countries].map(([value, label]) => ({ value, label })).sort(byLabel),
  };
}

/** The whole pipeline in one call (the view runs the steps separately, each memoized). */
export function applyTableFilters<T extends ActivationDto>(
  rows: readonly T[],
  filters: TableFilters,
  clock: FilterClock,
  me: string | null,
): { rows: T[]; counts: StateCounts } {
  const narrowed = narrow(rows, filters, me);
  return {
    rows: sortRows(filterByState(narrowed, filters.status, clock), filters.sort, clock),
    counts: countStates(narrowed, clock),
  };
}
