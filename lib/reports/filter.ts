import { z } from "zod";

// The report's date range, grouping and key filter, read from a URL's search params: the page's
// GET form and the CSV route share them. Every value has a strict format, so nothing loose
// reaches a query, and a bad value comes back as the name of the field that was wrong, never as
// an exception. Client-safe (no server imports).

/** What a report can be grouped by; the user picks one or more, in this order. */
export const REPORT_DIMENSIONS = ["service", "country", "member", "key"] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export const DAY_MS = 24 * 60 * 60_000;
/** A year and a day: the longest range one report covers (a leap year plus an edge). */
export const MAX_RANGE_DAYS = 367;
/** Without dates in the URL: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

export type ReportQuery = {
  /** Midnight UTC of the first day, inclusive (ms). */
  fromMs: number;
  /** Midnight UTC after the last day: exclusive (ms). */
  toMs: number;
  by: ReportDimension[];
  keyId?: string;
};

export const REPORT_PARAMS = ["from", "to", "by", "key"] as const;
export type ReportParam = (typeof REPORT_PARAMS)[number];
/** What an error can point at: a param, or the range as a whole. */
export type ReportField = ReportParam | "range";

/** The raw (trimmed) values, to put back into the form whether they were valid or not. */
export type ReportValues = { from?: string; to?: string; by: string[]; key?: string };

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** YYYY-MM-DD, a real calendar date (2025-02-30 is refused), as midnight UTC in ms. */
const day = z.iso.date().transform((value) => Date.parse(`${value}T00:00:00Z`));

const schema = z
  .object({
    from: day,
    to: day,
    by: z
      .array(z.enum(REPORT_DIMENSIONS))
      .min(1)
      .max(REPORT_DIMENSIONS.length)
      .refine((dims) => new Set(dims).size === dims.length),
    key: z.string().regex(KEY_ID).optional(),
  })
  // zod still runs this when a date was malformed (and so left a string): only compare two days.
  .refine(
    (q) =>
      typeof q.from !== "number" ||
      typeof q.to !== "number" ||
      (q.from <= q.to && (q.to - q.from) / DAY_MS < MAX_RANGE_DAYS),
    { path: ["range"] },
  )
  .transform(
    (q): ReportQuery => ({
      fromMs: q.from,
      toMs: q.to + DAY_MS,
      // The form's order, whatever order the URL listed them in.
      by: REPORT_DIMENSIONS.filter((d) => q.by.includes(d)),
      keyId: q.key,
    }),
  );

export type ParsedReportQuery =
  | { ok: true; query: ReportQuery; values: ReportValues }
  | { ok: false; fields: ReportField[]; values: ReportValues };

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The params as given, trimmed; an empty field (as a GET form sends it) is absent. `by` may be
 * repeated (the form's checkboxes) or comma-separated (a hand-written link).
 */
export function reportValues(params: URLSearchParams): ReportValues {
  const pick = (name: string) => params.get(name)?.trim() || undefined;
  const by = params
    .getAll("by")
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
  return { from: pick("from"), to: pick("to"), by, key: pick("key") };
}

/** The query, or the fields that are wrong. Missing dates and grouping take the defaults. */
export function parseReportQuery(params: URLSearchParams, nowMs = Date.now()): ParsedReportQuery {
  const values = reportValues(params);
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const parsed = schema.safeParse({
    from: values.from ?? isoDay(today - (DEFAULT_RANGE_DAYS - 1) * DAY_MS),
    to: values.to ?? isoDay(today),
    by: values.by.length > 0 ? values.by : ["service"],
    key: values.key,
  });
  if (parsed.success) return { ok: true, query: parsed.data, values };
  const fields = new Set<ReportField>();
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === "range" || (typeof field === "string" && (REPORT_PARAMS as readonly string[]).includes(field)))
      fields.add(field as ReportField);
  }
  return { ok: false, fields: [...fields], values };
}

/** The query's search params, for the CSV link: the dates spelled out, so it exports what is shown. */
export function reportSearch(query: ReportQuery): string {
  const params = new URLSearchParams({ from: isoDay(query.fromMs), to: isoDay(query.toMs - DAY_MS) });
  for (const dim of query.by) params.append("by", dim);
  if (query.keyId) params.set("key", query.keyId);
  return `?${params.toString()}`;
}
