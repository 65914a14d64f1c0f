// The table's view in the URL, read by the browser (use-table-filters.ts, nuqs) and by the
// page on the server for the first screen (first-screen.ts): one definition, so both read the
// same filters. From "nuqs/server", which has no "use client" and works on both sides.
import { createLoader, createParser, parseAsStringLiteral } from "nuqs/server";
import { DEFAULT_FILTERS, SORT_ORDERS, STATE_FILTERS } from "./table-filters";

/** An empty `?service=` is no filter, not "service equals nothing". */
const parseAsOptional = createParser({
  parse: (value: string) => (value === "" ? null : value),
  serialize: (value: string) => value,
});

/** `?mine=1`; anything else (or nothing) is off, and off leaves the URL. */
const parseAsFlag = createParser<boolean>({
  parse: (value) => value === "1" || value === "true",
  serialize: (value) => (value ? "1" : "0"),
});

/**
 * The table's view in the URL (?q=&key=&service=&country=&status=&mine=1&sort=), so a reload or
 * a shared link shows the same rows. Defaults stay out of the URL; `status` keeps the name and
 * values it always had. Replace, not push: every keystroke is not a Back step.
 */
export const TABLE_URL = {
  q: parseAsOptional.withDefault(""),
  key: parseAsOptional,
  service: parseAsOptional,
  country: parseAsOptional,
  status: parseAsStringLiteral(STATE_FILTERS).withDefault(DEFAULT_FILTERS.status),
  mine: parseAsFlag.withDefault(false),
  sort: parseAsStringLiteral(SORT_ORDERS).withDefault(DEFAULT_FILTERS.sort),
};

/** The filters of a request's search params, as the browser's useQueryStates reads them. */
export const loadTableFilters = createLoader(TABLE_URL);
