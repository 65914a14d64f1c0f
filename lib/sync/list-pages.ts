import "server-only";
import { type ActiveActivation, MAX_PAGE_LIMIT, type ProviderClient } from "@/lib/provider";
import { MAX_LIST_ROWS } from "@/lib/provider/limits";

// The provider's whole list of active activations, page by page. HeroSMS documents
// getActiveActivations&start=&limit= with at most 100 rows a page (and answers 50 when no limit
// is sent): asked once, the rest never appear, and the numbers we bought look "missing" and get a
// getStatus every pass. A provider may also serve fewer rows a page than asked (a lower cap), so
// a short page proves nothing: the walk advances by the rows that came and ends on an empty page.
// Providers without paging ignore the parameters and answer everything at once.

/** Rows asked for per page: HeroSMS's largest. */
export const PAGE_LIMIT = MAX_PAGE_LIMIT;
/**
 * Requests made at most in one pass: the rows one answer may carry (MAX_LIST_ROWS, 10,000) over
 * the page size, 100 full pages, plus the empty page that says they were all. A provider still
 * sending rows past that (or serving smaller pages over a list that long) is cut off there (the
 * list then counts as incomplete), so a provider that keeps answering can never hold a pass.
 */
export const MAX_PAGES = Math.ceil(MAX_LIST_ROWS / PAGE_LIMIT) + 1;

export type ActiveList = {
  /** Every row seen, once each (an offset list shifts as rows come and go between pages). */
  rows: ActiveActivation[];
  /**
   * The list is the provider's whole list: only then may a row of ours missing from it be taken
   * for ended. False when a page failed, the pass had to stop, the page bound was reached, or a
   * provider that ignores `start` gave no way to know.
   */
  complete: boolean;
  pages: number;
  /** Why a page after the first failed; the rows before it are still good to merge. */
  failure?: unknown;
};

/**
 * Walks the pages from start 0, each next `start` past the rows that actually came (a provider may
 * serve fewer than `limit`), until an empty page (NO_ACTIVATIONS). A short page does not end the
 * walk: it may be the provider's cap, not the list's end. A first page that fails throws, as the
 * single request did; a later one ends the walk with what came before, marked incomplete.
 * `stillHolds` false (the key's lease is lost, or the app stops) ends it before the next request.
 * Each page is one request through the caller's client: the key's token bucket, the lease's
 * deadline and the provider log line apply to every page alike.
 */
export async function fetchActiveList(
  client: ProviderClient,
  stillHolds: () => boolean = () => true,
  expectedActive: ReadonlySet<string> | null = null,
): Promise<ActiveList> {
  const byId = new Map<string, ActiveActivation>();
  const add = (rows: ActiveActivation[]) => {
    for (const row of rows) if (!byId.has(row.activationId)) byId.set(row.activationId, row);
  };
  const result = (complete: boolean, pages: number, failure?: unknown): ActiveList => ({
    rows: [...byId.values()],
    complete,
    pages,
    ...(failure === undefined ? {} : { failure }),
  });

  const first = await client.getActiveActivations({ start: 0, limit: PAGE_LIMIT });
  add(first);
  if (first.length === 0) return result(true, 1);
  // Longer than asked: the provider ignores paging and sent everything, unless the parser had to
  // cut the answer at MAX_LIST_ROWS.
  if (first.length > PAGE_LIMIT) return result(whole(first), 1);
  const firstId = first[0]?.activationId;
  let start = first.length;
  // A short page with every row we believe active on it ends the walk without the empty-page
  // request: a capped provider could still hide rows on later pages, but none of ours (so no
  // getStatus goes to a row only because it was not shown), and the extra request every pass would
  // double a small list's cost and, with a click's sync request, fill the key's rate limit.
  const allExpectedSeen = () =>
    expectedActive !== null && [...expectedActive].every((id) => byId.has(id));
  if (first.length < PAGE_LIMIT && allExpectedSeen()) return result(true, 1);

  for (let page = 1; page < MAX_PAGES; page++) {
    if (!stillHolds()) return result(false, page);
    let rows: ActiveActivation[];
    try {
      rows = await client.getActiveActivations({ start, limit: PAGE_LIMIT });
    } catch (failure) {
      return result(false, page, failure);
    }
    if (rows.length === 0) return result(true, page + 1);
    // The first page again: `start` is ignored. The rule:
    // - on the second request, after a first page shorter than asked: a provider without paging
    //   (it ignores `limit` as well), whose first page was its whole list: complete. (One that
    //   honoured a cap below 100 while ignoring `start` could never show its other rows to any
    //   client; no known API does that, and we take the short first page for the whole list.)
    // - after a first page of exactly PAGE_LIMIT rows: `limit` may be honoured and there may be
    //   rows we can never reach, so nothing may be taken for ended on this list: incomplete.
    // - on a later request: the pages before did advance, so the provider is not predictable
    //   enough to trust: incomplete.
    if (rows[0]?.activationId === firstId) {
      return result(page === 1 && first.length < PAGE_LIMIT, page + 1);
    }
    add(rows);
    // An answer cut at the parser's bound may have had more rows; the offset past it is unknown.
    if (!whole(rows)) return result(false, page + 1);
    if (rows.length < PAGE_LIMIT && allExpectedSeen()) return result(true, page + 1);
    start += rows.length;
  }
  return result(false, MAX_PAGES);
}

/** An answer the parser cut at its bound (lib/provider/limits.ts) may have had more rows. */
function whole(rows: ActiveActivation[]): boolean {
  return rows.length < MAX_LIST_ROWS;
}
