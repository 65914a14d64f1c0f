// The view's search, filters, counts and sort (./table-filters.ts), kept up to date from the last
// result when a poll only replaced rows in place (a code arrived, a status moved): the work is an
// identity pass over the lists plus a few checks per changed row, instead of filtering, counting
// and sorting all 5,000 rows again on every poll (issue 9). Anything else (other filters, another
// clock reading, rows added or gone, a changed row that moves or enters or leaves the filtered
// list) computes afresh. Pure and client-safe.
import type { ActivationDto } from "@/lib/activations/dto";
import {
  countStates,
  type FilterClock,
  filterByState,
  filterOptions,
  matchesState,
  type NarrowFilters,
  narrow,
  type Option,
  type SortOrder,
  type StateCounts,
  type StateFilter,
  sortKey,
  sortRows,
  stateOf,
} from "./table-filters";
import { carryLookups, rowKey } from "./table-state";

/** More changed rows than this in one poll: computing afresh is as cheap. */
const MAX_CHANGED = 200;

export type ViewInput = {
  rows: readonly ActivationDto[];
  narrow: NarrowFilters;
  status: StateFilter;
  sort: SortOrder;
  me: string | null;
  clock: FilterClock;
};

export type ViewSteps = {
  input: ViewInput;
  /** Search and filters but the state: what the counts describe. */
  narrowed: ActivationDto[];
  counts: StateCounts;
  /** What the table shows, in order. */
  visible: ActivationDto[];
};

/**
 * Old row object → its new object, for rows a poll replaced in place; null when the lists differ
 * otherwise (length, a row at another place) or too many changed.
 */
export function replacedRows(
  before: readonly ActivationDto[],
  after: readonly ActivationDto[],
): Map<ActivationDto, ActivationDto> | null {
  if (before.length !== after.length) return null;
  const replaced = new Map<ActivationDto, ActivationDto>();
  for (let i = 0; i < after.length; i++) {
    const old = before[i] as ActivationDto;
    const row = after[i] as ActivationDto;
    if (old === row) continue;
    if (rowKey(old) !== rowKey(row) || replaced.size >= MAX_CHANGED) return null;
    replaced.set(old, row);
  }
  return replaced;
}

function withReplaced(
  list: ActivationDto[],
  replaced: ReadonlyMap<ActivationDto, ActivationDto>,
): ActivationDto[] {
  let next: ActivationDto[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const row = replaced.get(list[i] as ActivationDto);
    if (row === undefined) continue;
    next ??= list.slice();
    next[i] = row;
  }
  if (next === null) return list;
  carryLookups(list, next);
  return next;
}

/** Afresh; the search and filters' part is reused when only the state, sort or clock moved. */
export function computeView(input: ViewInput, previous: ViewSteps | null = null): ViewSteps {
  const narrowed =
    previous !== null &&
    previous.input.rows === input.rows &&
    previous.input.me === input.me &&
    sameNarrow(previous.input.narrow, input.narrow)
      ? previous.narrowed
      : narrow(input.rows, input.narrow, input.me);
  return {
    input,
    narrowed,
    counts: countStates(narrowed, input.clock),
    visible: sortRows(filterByState(narrowed, input.status, input.clock), input.sort, input.clock),
  };
}

function sameNarrow(x: NarrowFilters, y: NarrowFilters): boolean {
  return (
    x.q === y.q &&
    x.key === y.key &&
    x.service === y.service &&
    x.country === y.country &&
    x.mine === y.mine
  );
}

function sameSettings(a: ViewInput, b: ViewInput): boolean {
  return (
    sameNarrow(a.narrow, b.narrow) &&
    a.status === b.status &&
    a.sort === b.sort &&
    a.me === b.me &&
    a.clock === b.clock
  );
}

/** The steps for `input`, from `previous` (the last result) where that is enough. */
export function updateView(previous: ViewSteps | null, input: ViewInput): ViewSteps {
  if (previous === null || !sameSettings(previous.input, input))
    return computeView(input, previous);
  if (previous.input.rows === input.rows) return previous;
  const replaced = replacedRows(previous.input.rows, input.rows);
  if (replaced === null) return computeView(input);
  const { clock, status, sort } = input;
  const counts = { ...previous.counts };
  for (const [old, row] of replaced) {
    const wasIn = narrow([old], input.narrow, input.me).length === 1;
    if (wasIn !== (narrow([row], input.narrow, input.me).length === 1)) return computeView(input);
    if (!wasIn) continue;
    const [was, is] = [stateOf(old, clock), stateOf(row, clock)];
    const shown = matchesState(was, status);
    if (shown !== matchesState(is, status)) return computeView(input);
    if (shown && sortKey(old, sort, clock) !== sortKey(row, sort, clock)) return computeView(input);
    counts[was] -= 1;
    counts[is] += 1;
    counts.active += Number(matchesState(is, "active")) - Number(matchesState(was, "active"));
  }
  return {
    input,
    narrowed: withReplaced(previous.narrowed, replaced),
    counts,
    visible: withReplaced(previous.visible, replaced),
  };
}

export type FilterChoices = {
  rows: readonly ActivationDto[];
  selected: { service: string | null; country: string | null };
  options: { services: Option[]; countries: Option[] };
};

/** The filter choices (filterOptions), kept while the rows a poll replaced name the same ones. */
export function updateChoices(
  previous: FilterChoices | null,
  rows: readonly ActivationDto[],
  selected: FilterChoices["selected"],
): FilterChoices {
  const fresh = () => ({ rows, selected, options: filterOptions(rows, selected) });
  if (
    previous === null ||
    previous.selected.service !== selected.service ||
    previous.selected.country !== selected.country
  )
    return fresh();
  if (previous.rows === rows) return previous;
  const replaced = replacedRows(previous.rows, rows);
  if (replaced === null) return fresh();
  for (const [old, row] of replaced) {
    if (
      old.service !== row.service ||
      old.countryCode !== row.countryCode ||
      old.countryName !== row.countryName
    )
      return fresh();
  }
  return { rows, selected, options: previous.options };
}
