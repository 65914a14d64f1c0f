import "server-only";
import { type Kysely, type RawBuilder, sql } from "kysely";
import { ACTIVE_STATES } from "@/lib/activations/rows";
import { STATUS_GRACE_MS } from "@/lib/activations/reconcile";
import type { Database } from "@/lib/db";
import { engineOf } from "@/lib/db/engine";
import { DAY_MS, type ReportDimension, type ReportQuery } from "./filter";

// The report's two aggregations, in SQL both engines run: one GROUP BY for counts and money, one
// window-function pass for the median wait (SQLite has no percentile function; row_number() and
// count() over a partition are in both). Grouping happens over an inner select whose columns are
// plain names (d0, d1, …), so PostgreSQL never has to match expressions between SELECT and GROUP BY.

/** The report's dimensions plus the chart's internal one, a UTC day (days since the epoch). */
export type SqlDimension = ReportDimension | "day";

const DIMENSION_SQL: Record<SqlDimension, RawBuilder<unknown>> = {
  service: sql`a.service`,
  country: sql`a.country_code`,
  // Emails compare case-insensitively, as the table's "mine" filter does.
  member: sql`lower(a.ordered_by)`,
  key: sql`a.key_id`,
  // A literal, not a parameter: the division stays integer on both engines.
  day: sql`CAST(a.purchased_at / ${sql.lit(DAY_MS)} AS integer)`,
};

const list = (items: readonly string[]) => sql.join(items.map((s) => sql.lit(s)));

/**
 * The first code's arrival (our clock, ms), from the inner select's codes JSON ([{code, text, at}, …], oldest
 * first). SQLite reads the JSON, checking it first (one malformed row must not fail the report).
 * PostgreSQL takes the first `"at":<digits>`: no string value can hold that unescaped, and code
 * and text come before at, so it is the first code's (no cast that could throw).
 */
function firstCodeAt(db: Kysely<Database>): RawBuilder<number | null> {
  return engineOf(db) === "postgres"
    ? sql`CAST(substring(codes from '"at":([0-9]{1,15})') AS bigint)`
    : sql`CASE WHEN json_valid(codes) THEN json_extract(codes, '$[0].at') END`;
}

/**
 * The team's activations purchased in the range: the join on the team's keys (deleted ones
 * included) is the team scope. `columns` come first, then the row's facts.
 */
export function scopedRows(teamId: string, query: ReportQuery, dims: readonly SqlDimension[], nowMs: number) {
  const columns = dims.map((dim, i) => sql`${DIMENSION_SQL[dim]} AS ${sql.ref(`d${i}`)}`);
  // Still marked running past its lifetime and sync's grace: ended, as /history counts it.
  const agedBefore = nowMs - STATUS_GRACE_MS;
  return sql`SELECT ${sql.join([...columns, sql`a.currency`], sql`, `)},
      COALESCE(a.cost, 0) AS cost, a.country_name, a.created_at, a.codes,
      CASE WHEN a.codes <> '[]' THEN 1 ELSE 0 END AS has_code,
      CASE WHEN a.codes = '[]' AND (a.state IN ('cancelled', 'expired')
        OR (a.state IN (${list(ACTIVE_STATES)}) AND a.expires_at < ${agedBefore})) THEN 1 ELSE 0 END AS refunded
    FROM activations a
    INNER JOIN provider_keys k ON k.id = a.key_id AND k.team_id = ${teamId}
    WHERE a.purchased_at >= ${query.fromMs} AND a.purchased_at < ${query.toMs}
      ${query.keyId === undefined ? sql`` : sql`AND a.key_id = ${query.keyId}`}`;
}

const dimRefs = (dims: readonly SqlDimension[]) => dims.map((_, i) => sql.ref(`d${i}`));

export type CountRow = {
  /** The group's values, d0, d1, … in the order asked. */
  [d: `d${number}`]: string | number | null;
  currency: number | null;
  bought: number;
  with_code: number;
  refunded: number;
  gross: number;
  refunded_amount: number;
  country_name: string | null;
};

/** Counts and money per group and currency (a group's rows may be in several currencies). */
export async function countsByGroup(
  db: Kysely<Database>,
  teamId: string,
  query: ReportQuery,
  dims: readonly SqlDimension[],
  nowMs: number,
): Promise<CountRow[]> {
  const groupBy = sql.join([...dimRefs(dims), sql`currency`]);
  const { rows } = await sql<CountRow>`SELECT ${groupBy},
      count(*) AS bought, sum(has_code) AS with_code, sum(refunded) AS refunded,
      sum(cost) AS gross, sum(refunded * cost) AS refunded_amount, max(country_name) AS country_name
    FROM (${scopedRows(teamId, query, dims, nowMs)}) r
    GROUP BY ${groupBy}`.execute(db);
  return rows;
}

export type MedianRow = { [d: `d${number}`]: string | number | null; median_ms: number | null };

/**
 * The median wait for the first code per group: the middle row (or the mean of the two middle
 * rows) by row_number() in each partition. The wait runs from the row's creation here (the order,
 * or sync finding it) to the first code, both on our clock; a code already there when sync first
 * saw the number has no known wait and is left out.
 */
export async function mediansByGroup(
  db: Kysely<Database>,
  teamId: string,
  query: ReportQuery,
  dims: readonly SqlDimension[],
  nowMs: number,
): Promise<MedianRow[]> {
  const refs = dimRefs(dims);
  const partition = refs.length > 0 ? sql`PARTITION BY ${sql.join(refs)}` : sql``;
  const select = refs.length > 0 ? sql`${sql.join(refs)}, ` : sql``;
  const groupBy = refs.length > 0 ? sql`GROUP BY ${sql.join(refs)}` : sql``;
  const { rows } = await sql<MedianRow>`SELECT ${select}avg(wait_ms) AS median_ms FROM (
      SELECT ${select}wait_ms,
        row_number() OVER (${partition} ORDER BY wait_ms) AS rn,
        count(*) OVER (${partition}) AS n
      FROM (
        SELECT ${select}(${firstCodeAt(db)} - created_at) AS wait_ms
        FROM (${scopedRows(teamId, query, dims, nowMs)}) r
        WHERE has_code = 1
      ) w
      WHERE wait_ms > 0
    ) ranked
    WHERE 2 * rn >= n AND 2 * rn <= n + 2
    ${groupBy}`.execute(db);
  return rows;
}
