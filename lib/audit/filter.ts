import { z } from "zod";

// The audit log's filter, read from a URL's search params (the page's GET form and the CSV
// route share it). Every value has a strict format so nothing loose reaches a query, and a bad
// value comes back as the name of the field that was wrong, never as an exception.

/** What the queries filter on. `from` is inclusive, `to` exclusive (both ms since the epoch). */
export type AuditFilter = {
  /** A user id, or "sync" for the background sync loop. */
  actor?: string;
  action?: string;
  activationId?: string;
  from?: number;
  to?: number;
};

/** The search param names of the form, in the order the form shows them. */
export const AUDIT_FILTER_PARAMS = ["user", "action", "activation", "from", "to"] as const;
export type AuditFilterParam = (typeof AUDIT_FILTER_PARAMS)[number];

/** What an error can point at: a param, the from/to range, or the page number. */
export type AuditFilterField = AuditFilterParam | "range" | "page";

/** The raw (trimmed) values, to put back into the form whether they were valid or not. */
export type AuditFilterValues = Partial<Record<AuditFilterParam, string>>;

const DAY_MS = 24 * 60 * 60_000;
const MAX_PAGE = 100_000;

/** YYYY-MM-DD, a real calendar date (2025-02-30 is refused), as midnight UTC in ms. */
const day = z.iso.date().transform((value) => Date.parse(`${value}T00:00:00Z`));

export const auditFilterSchema = z
  .object({
    // better-auth ids are alphanumeric; "sync" fits the same pattern.
    user: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    // Provider calls are camelCase (setStatus), our own events dotted (key.create).
    action: z
      .string()
      .regex(/^[A-Za-z._]{1,40}$/)
      .optional(),
    activation: z
      .string()
      .regex(/^\d{1,20}$/)
      .optional(),
    from: day.optional(),
    to: day.optional(),
  })
  // zod still runs this when a date was malformed (and so left a string): only compare two days.
  .refine((f) => typeof f.from !== "number" || typeof f.to !== "number" || f.from <= f.to, {
    path: ["range"],
    message: "from is after to",
  })
  .transform(
    (f): AuditFilter => ({
      actor: f.user,
      action: f.action,
      activationId: f.activation,
      from: f.from,
      // "to" names a whole day: everything before the next midnight is in.
      to: f.to === undefined ? undefined : f.to + DAY_MS,
    }),
  );

export type ParsedAuditFilter =
  | { ok: true; filter: AuditFilter; values: AuditFilterValues }
  | { ok: false; fields: AuditFilterField[]; values: AuditFilterValues };

/** The first value of each filter param, trimmed; an empty field (as a GET form sends it) is absent. */
export function auditFilterValues(params: URLSearchParams): AuditFilterValues {
  const values: AuditFilterValues = {};
  for (const name of AUDIT_FILTER_PARAMS) {
    const value = params.get(name)?.trim();
    if (value) values[name] = value;
  }
  return values;
}

export function parseAuditFilter(params: URLSearchParams): ParsedAuditFilter {
  const values = auditFilterValues(params);
  const parsed = auditFilterSchema.safeParse(values);
  if (parsed.success) return { ok: true, filter: parsed.data, values };
  const fields = new Set<AuditFilterField>();
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === "string" && isField(field)) fields.add(field);
  }
  return { ok: false, fields: [...fields], values };
}

function isField(value: string): value is AuditFilterField {
  return (
    value === "range" ||
    value === "page" ||
    (AUDIT_FILTER_PARAMS as readonly string[]).includes(value)
  );
}

/** The page number (1-based) from `page`; absent means 1, anything but 1..100000 is refused. */
export function parseAuditPage(
  params: URLSearchParams,
): { ok: true; page: number } | { ok: false } {
  const raw = params.get("page")?.trim();
  if (!raw) return { ok: true, page: 1 };
  if (!/^\d{1,6}$/.test(raw)) return { ok: false };
  const page = Number(raw);
  return page >= 1 && page <= MAX_PAGE ? { ok: true, page } : { ok: false };
}

/** The filter's search params (without the page), for pagination links and the CSV link. */
export function auditFilterSearch(
  values: AuditFilterValues,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  for (const name of AUDIT_FILTER_PARAMS) {
    const value = values[name];
    if (value) params.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const search = params.toString();
  return search ? `?${search}` : "";
}
