import { z } from "zod";

// The history's search, filters and position, read from a URL's search params: the page's GET
// form, its pagination links and the CSV route share them. Every value has a strict format, so
// nothing loose reaches a query, and a bad value comes back as the name of the field that was
// wrong, never as an exception. Client-safe (no server imports).

/** The states a history row can have: the ends of the state machine. */
export const HISTORY_STATES = ["finished", "cancelled", "expired"] as const;
export type HistoryState = (typeof HISTORY_STATES)[number];

export const HISTORY_PAGE_SIZE = 50;

/** What the queries filter on. */
export type HistoryFilter = {
  /** Free text: number, activation id, a received code, service, country. */
  q?: string;
  keyId?: string;
  service?: string;
  country?: string;
  state?: HistoryState;
  /** Ordered by the viewer, or last acted on by them. */
  mine?: boolean;
};

/** A row's place in the history's order (newest purchase first; key and id break ties). */
export type HistoryCursor = { purchasedAt: number; keyId: string; id: string };

/**
 * Which page: the newest (start), the rows older than a cursor (after), newer than a cursor
 * (before), or the oldest page (last).
 */
export type HistoryPosition =
  | { kind: "start" }
  | { kind: "after"; cursor: HistoryCursor }
  | { kind: "before"; cursor: HistoryCursor }
  | { kind: "last" };

/** The filter params, in the order the form shows them: the live table's names (`status`, `mine=1`). */
export const HISTORY_FILTER_PARAMS = ["q", "key", "service", "country", "status", "mine"] as const;
export type HistoryFilterParam = (typeof HISTORY_FILTER_PARAMS)[number];
const POSITION_PARAMS = ["after", "before", "last"] as const;
type PositionParam = (typeof POSITION_PARAMS)[number];

/** What an error can point at: a filter param or the page position. */
export type HistoryField = HistoryFilterParam | "page";

/** The raw (trimmed) values, to put back into the form whether they were valid or not. */
export type HistoryFilterValues = Partial<Record<HistoryFilterParam, string>>;

export const SEARCH_MAX_LENGTH = 100;
const CODE = /^[A-Za-z0-9_-]{1,32}$/;
/** Key ids are UUIDs (lib/keys/service.ts); activation ids digits, per the protocol. */
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CURSOR = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,40})$/;

const filterSchema = z
  .object({
    // No control characters: nothing a person types into a search box, and nothing to smuggle.
    q: z
      .string()
      .max(SEARCH_MAX_LENGTH)
      .regex(/^[^\p{Cc}]*$/u)
      .optional(),
    key: z.string().regex(KEY_ID).optional(),
    service: z.string().regex(CODE).optional(),
    country: z.string().regex(CODE).optional(),
    status: z.enum(HISTORY_STATES).optional(),
    // The table writes 1; "true" is what a hand-written link may say.
    mine: z.enum(["1", "true"]).optional(),
  })
  .transform(
    (f): HistoryFilter => ({
      q: f.q,
      keyId: f.key,
      service: f.service,
      country: f.country,
      state: f.status,
      mine: f.mine !== undefined || undefined,
    }),
  );

export type ParsedHistoryQuery =
  | { ok: true; filter: HistoryFilter; position: HistoryPosition; values: HistoryFilterValues }
  | { ok: false; fields: HistoryField[]; values: HistoryFilterValues };

/** The first value of each filter param, trimmed; an empty field (as a GET form sends it) is absent. */
export function historyFilterValues(params: URLSearchParams): HistoryFilterValues {
  const values: HistoryFilterValues = {};
  for (const name of HISTORY_FILTER_PARAMS) {
    const value = params.get(name)?.trim();
    if (value) values[name] = value;
  }
  return values;
}

export function parseCursor(raw: string): HistoryCursor | null {
  const match = CURSOR.exec(raw);
  if (!match) return null;
  const purchasedAt = Number(match[1]);
  return Number.isSafeInteger(purchasedAt)
    ? { purchasedAt, keyId: match[2] ?? "", id: match[3] ?? "" }
    : null;
}

export function formatCursor(cursor: HistoryCursor): string {
  return `${cursor.purchasedAt}.${cursor.keyId}.${cursor.id}`;
}

function parsePosition(params: URLSearchParams): HistoryPosition | null {
  const given = POSITION_PARAMS.filter((name) => params.get(name)?.trim());
  if (given.length === 0) return { kind: "start" };
  if (given.length > 1) return null;
  const name = given[0] as PositionParam;
  const raw = params.get(name)?.trim() ?? "";
  if (name === "last") return raw === "1" ? { kind: "last" } : null;
  const cursor = parseCursor(raw);
  return cursor ? { kind: name, cursor } : null;
}

/** The filter and the page position, or the fields that are wrong. */
export function parseHistoryQuery(params: URLSearchParams): ParsedHistoryQuery {
  const values = historyFilterValues(params);
  const parsed = filterSchema.safeParse(values);
  const position = parsePosition(params);
  if (parsed.success && position) return { ok: true, filter: parsed.data, position, values };
  const fields = new Set<HistoryField>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === "string" && (HISTORY_FILTER_PARAMS as readonly string[]).includes(field))
        fields.add(field as HistoryFilterParam);
    }
  }
  if (!position) fields.add("page");
  return { ok: false, fields: [...fields], values };
}

/** The filter's search params (plus `extra`, e.g. a position), for links and the CSV export. */
export function historySearch(
  values: HistoryFilterValues,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  for (const name of HISTORY_FILTER_PARAMS) {
    const value = values[name];
    if (value) params.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const search = params.toString();
  return search ? `?${search}` : "";
}
