import "server-only";
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import { COUNTRIES, SERVICES } from "@/lib/catalog";
import type { Database } from "@/lib/db";
import type { Engine } from "@/lib/db/engine";
import { HISTORY_STATES, type HistoryFilter, type HistoryState } from "./history-filter";
import { STATUS_GRACE_MS } from "./reconcile";
import { ACTIVE_STATES } from "./rows";

// The history's WHERE clause (lib/activations/history.ts): what "ended" means, the filters and
// the search, written once for SQLite and PostgreSQL (LIKE on lower() of both sides, since
// PostgreSQL's LIKE is case-sensitive and SQLite's is not; the codes JSON per engine).

/** Who is looking: "mine" means ordered by this actor, or last acted on by them. */
export type HistoryViewer = { email: string };

export type Eb = ExpressionBuilder<Database, "activations" | "provider_keys">;

/** `%term%` for LIKE … ESCAPE '\', the term's own wildcards taken literally. */
const contains = (term: string) => `%${term.replace(/[\\%_]/g, "\\$&")}%`;
const like = (value: Expression<unknown>, pattern: string) =>
  sql<SqlBool>`lower(${value}) LIKE ${pattern} ESCAPE '\\'`;

/**
 * A received code containing the term. The codes column is a JSON array of {code, text, at}; a
 * plain LIKE over it would also match the SMS text and the timestamps ("17…" matches every row),
 * so each engine looks inside the JSON. Both tolerate a malformed value (never written, but one
 * bad row must not break every search): SQLite checks json_valid first; PostgreSQL matches the
 * text with a regular expression anchored on `"code":"`, which cannot leave the string.
 */
function codeContains(engine: Engine, term: string) {
  const json = JSON.stringify(term).slice(1, -1);
  // The plain LIKE first: it is cheap and rules out nearly every row before any JSON is read.
  const prefilter = sql<SqlBool>`lower(activations.codes) LIKE ${contains(json.toLowerCase())} ESCAPE '\\'`;
  if (engine === "postgres") {
    const escaped = json.replace(/[^A-Za-z0-9\u0080-\uFFFF]/g, "\\$&");
    return sql<SqlBool>`(${prefilter} AND activations.codes ~* ${`"code":"([^"\\\\]|\\\\.)*${escaped}`})`;
  }
  const pattern = contains(term.toLowerCase());
  return sql<SqlBool>`(${prefilter} AND EXISTS (
    SELECT 1 FROM json_tree(CASE WHEN json_valid(activations.codes) THEN activations.codes ELSE '[]' END) AS j
    WHERE j.key = 'code' AND j.type = 'text' AND lower(j.atom) LIKE ${pattern} ESCAPE '\\'))`;
}

function search(eb: Eb, engine: Engine, raw: string): Expression<SqlBool> {
  const term = raw.toLowerCase();
  const pattern = contains(term);
  // "+55 (11) 91234-5678" is typed the way numbers are written; the column holds digits.
  const compact = term.replace(/[\s+().-]/g, "");
  const digits = /^\d+$/.test(compact) ? compact : null;
  const serviceCodes = SERVICES.filter((s) => s.name.toLowerCase().includes(term)).map(
    (s) => s.code,
  );
  const countryCodes = COUNTRIES.filter((c) => c.name.toLowerCase().includes(term)).map(
    (c) => c.code,
  );
  const any: Expression<SqlBool>[] = [
    like(eb.ref("activations.phone"), digits ? contains(digits) : pattern),
    like(eb.ref("activations.id"), digits ? contains(digits) : pattern),
    codeContains(engine, raw),
    like(eb.ref("activations.service"), pattern),
    like(eb.ref("activations.country_name"), pattern),
    like(eb.ref("activations.country_code"), pattern),
  ];
  if (serviceCodes.length > 0) any.push(eb("activations.service", "in", serviceCodes));
  if (countryCodes.length > 0) any.push(eb("activations.country_code", "in", countryCodes));
  return eb.or(any);
}

/**
 * Still marked running, past its lifetime and sync's grace: ended. Sync closes such rows itself
 * while it syncs their key, so the ones left belong to deleted or disabled keys; without this
 * they would never reach the history.
 */
function aged(eb: Eb, nowMs: number) {
  return eb.and([
    eb("activations.state", "in", ACTIVE_STATES),
    eb("activations.expires_at", "<", nowMs - STATUS_GRACE_MS),
  ]);
}

function stateIs(eb: Eb, state: HistoryState, nowMs: number) {
  if (state === "cancelled") return eb("activations.state", "=", "cancelled");
  // An aged row ends as sync would close it: finished if a code arrived, else expired.
  const codes = eb("activations.codes", state === "finished" ? "<>" : "=", "[]");
  return eb.or([eb("activations.state", "=", state), eb.and([aged(eb, nowMs), codes])]);
}

/** The team-independent conditions: ended, then each filter given, then the search. */
export function historyConditions(
  eb: Eb,
  engine: Engine,
  filter: HistoryFilter,
  viewer: HistoryViewer,
  nowMs: number,
) {
  const all: Expression<SqlBool>[] = [
    eb.or([eb("activations.state", "in", HISTORY_STATES), aged(eb, nowMs)]),
  ];
  if (filter.keyId !== undefined) all.push(eb("activations.key_id", "=", filter.keyId));
  if (filter.service !== undefined) all.push(eb("activations.service", "=", filter.service));
  if (filter.country !== undefined) all.push(eb("activations.country_code", "=", filter.country));
  if (filter.state !== undefined) all.push(stateIs(eb, filter.state, nowMs));
  if (filter.mine) {
    // Actors are stored as the user's email; emails compare case-insensitively (as the table does).
    const me = sql`lower(${viewer.email})`;
    all.push(
      eb.or([
        eb(eb.fn("lower", ["activations.ordered_by"]), "=", me),
        eb(eb.fn("lower", ["activations.last_actor"]), "=", me),
      ]),
    );
  }
  if (filter.q) all.push(search(eb, engine, filter.q));
  return eb.and(all);
}
