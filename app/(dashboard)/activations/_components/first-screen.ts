// What the page's HTML carries instead of the whole table set. With 5,000 rows the set was about
// 2 MiB of JSON in the HTML, and the table committed 2.3 s after its end (issue 9). Now the
// server sends the first screen of rows as the URL's filters and sort show them, with the counts
// per state, the filter choices and the totals of the whole set, and the one instant the server
// render and the browser's hydration share. The browser fetches the full set right after
// hydration: a full read, whose cursor and ETag make every later poll a 304 or a delta.
// Pure and client-safe (the page builds it, the view reads it).
import type { ActivationDto, ActivationsResponse, KeyTimingDto } from "@/lib/activations/dto";
import {
  applyTableFilters,
  filterOptions,
  type Option,
  type StateCounts,
  type TableFilters,
} from "./table-filters";
import { nextSkewMs } from "./server-skew";

/** Enough rows for the virtualizer's first render (a tall window plus its overscan). */
export const FIRST_SCREEN_ROWS = 60;

export type FirstScreen = {
  /** The server's clock when it read the rows: the instant hydration renders countdowns at. */
  serverNowMs: number;
  /** The URL's search, filters and sort the rows and figures below were built for. */
  filters: TableFilters;
  keys: KeyTimingDto[];
  /** The first rows the table shows, filtered and sorted as the URL says. */
  rows: ActivationDto[];
  /** Of the whole set, under the URL's search and filters (but the state's). */
  counts: StateCounts;
  options: { services: Option[]; countries: Option[] };
  /** Rows the filters let through, and rows in the whole set. */
  shown: number;
  total: number;
};

/** With one key there is no key choice on screen, so a stale ?key= must not hide everything. */
export function keyFilter(keys: readonly KeyTimingDto[], key: string | null): string | null {
  return keys.length > 1 ? key : null;
}

export function firstScreen(
  data: ActivationsResponse,
  filters: TableFilters,
  me: string | null,
  limit = FIRST_SCREEN_ROWS,
): FirstScreen {
  const clock = {
    serverNowMs: data.serverNowMs,
    offsets: new Map(data.keys.map((k) => [k.id, k.clockOffsetMs])),
  };
  const applied = { ...filters, key: keyFilter(data.keys, filters.key) };
  const { rows, counts } = applyTableFilters(data.activations, applied, clock, me);
  return {
    serverNowMs: data.serverNowMs,
    filters: applied,
    keys: data.keys,
    rows: rows.slice(0, limit),
    counts,
    options: filterOptions(data.activations, filters),
    shown: rows.length,
    total: data.activations.length,
  };
}

/**
 * Whether the first screen still shows what `filters` (the URL's, the key as keyFilter gives it)
 * ask for. Once the user changes them before the full set is in, its rows are the head of another
 * view and its figures count another one: the view shows neither until the full set arrives.
 */
export function firstScreenHolds(first: FirstScreen, filters: TableFilters): boolean {
  const a = first.filters;
  return (
    a.q === filters.q &&
    a.key === filters.key &&
    a.service === filters.service &&
    a.country === filters.country &&
    a.mine === filters.mine &&
    a.status === filters.status &&
    a.sort === filters.sort
  );
}

/**
 * The server's clock minus the browser's, from the first screen, until the first poll measures
 * it. The server read its clock (`serverNowMs`) after the browser asked for the page
 * (`requestedAtMs`) and before now: the value nearest 0 in that window (./server-skew.ts). 0 when
 * the clocks agree as far as can be told (a slow load is no skew), else the least correction that
 * explains a browser clock minutes off, wrong by at most the time the server took to answer.
 */
export function firstScreenSkewMs(
  serverNowMs: number,
  requestedAtMs: number,
  nowMs: number,
): number {
  return nextSkewMs(0, { serverNowMs, askedAtMs: requestedAtMs, answeredAtMs: nowMs });
}
