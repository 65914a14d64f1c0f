import { type Kysely, type SelectQueryBuilder, sql, type RawBuilder } from "kysely";

// Which SQL engine a URL or a connection speaks. SQLite is the embedded default (one process, one
// file); PostgreSQL is for several app instances (docs/reliability.md). Queries are written once
// for both wherever the SQL allows it; the few places that differ ask here.

export type Engine = "sqlite" | "postgres";

export function engineOfUrl(url: string): Engine {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}

/**
 * The engine behind a Kysely instance or transaction. Not `instanceof PostgresAdapter`: the
 * production build holds several copies of kysely (the handle on globalThis is opened by
 * whichever bundle asks first, e.g. instrumentation's sync, and used by every route's), and a
 * handle made by one copy is no instance of another copy's class: PostgreSQL then got SQLite's
 * SQL (seen in `npm run bench:cluster`). Of our two engines only PostgreSQL has transactional DDL.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database shape.
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter.supportsTransactionalDdl ? "postgres" : "sqlite";
}

/**
 * Locks the selected rows until the transaction ends (SELECT … FOR UPDATE) on PostgreSQL. SQLite
 * has no row locks and needs none: a write transaction there holds the whole database, and one
 * process (the only one SQLite mode runs) serializes its transactions on its one connection.
 */
// biome-ignore lint/suspicious/noExplicitAny: any query shape.
export function forUpdate<Q extends SelectQueryBuilder<any, any, any>>(db: Kysely<any>, query: Q): Q {
  return engineOf(db) === "postgres" ? (query.forUpdate() as Q) : query;
}

/**
 * The database's own clock in epoch milliseconds, as an SQL expression: leases and the shared
 * token bucket compare times written by different machines, so they use one clock, the database's.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database shape.
export function sqlNowMs(db: Kysely<any>): RawBuilder<number> {
  return engineOf(db) === "postgres"
    ? sql<number>`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`
    : sql<number>`CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;
}

/** A better-auth date column: an ISO string on SQLite, a Date (timestamptz) on PostgreSQL. */
export function epochMs(value: string | Date | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * Serializes the transactions that take the same name until each ends: a transaction-scoped
 * advisory lock on PostgreSQL, for read-then-write on a row that may not exist yet (nothing to
 * lock with FOR UPDATE). Must run inside a transaction. SQLite needs nothing: its write
 * transactions already run one at a time, as forUpdate explains.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database shape.
export async function lockName(trx: Kysely<any>, name: string): Promise<void> {
  if (engineOf(trx) !== "postgres") return;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
}
