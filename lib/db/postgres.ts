import "server-only";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

// PostgreSQL for several app instances (docs/reliability.md, "Running several instances").

export type PostgresOptions = {
  /** Connections this instance may hold (its share of the server's max_connections). */
  poolSize?: number;
  /** A statement running longer is cancelled by the server (a stuck query never holds a request). */
  statementTimeoutMs?: number;
  /** How long to wait for a connection (from the pool or a new one) before failing. */
  connectionTimeoutMs?: number;
  /** A transaction left idle this long (a crashed request) is ended by the server, locks released. */
  idleInTransactionTimeoutMs?: number;
  onError?: (error: Error) => void;
};

const INT8 = 20;
const NUMERIC = 1700;

/**
 * int8 (bigint: our epoch-millisecond columns, count(*)) and numeric (sums) read as numbers, as
 * they do on SQLite: every value we store fits a double exactly (times in ms, counts, money
 * with two decimals), so nothing is lost and no query has to Number() its results.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Pool settings shared by the pool and the LISTEN connection (lib/db/notify.ts). */
export function postgresConfig(url: string, options: PostgresOptions = {}): pg.PoolConfig {
  return {
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 30_000,
    idleTimeoutMillis: 30_000,
    application_name: "sms-desk",
    types,
  };
}

export function openPostgres(url: string, options: PostgresOptions = {}) {
  const pool = new pg.Pool(postgresConfig(url, options));
  const onError =
    options.onError ?? ((error: Error) => console.error(`PostgreSQL connection error: ${error.message}`));
  // A backend that goes away (restart, failover, pg_terminate_backend) emits 'error' on the idle
  // client (re-emitted by the pool) or on a client in use: without these handlers Node would
  // crash the process. The pool drops the broken client; the query in flight fails and is
  // reported to its caller like any database error.
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
