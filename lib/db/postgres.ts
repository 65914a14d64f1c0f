import "server-only";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

// PostgreSQL for several app instances: README, "Running on PostgreSQL with several instances";
// what each failure does: docs/reliability.md, "Several instances on PostgreSQL".

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
    // An idle NAT or firewall drops a quiet connection without a word; the kernel's probes
    // (after 10 s idle) turn that into an error instead of a socket that waits forever.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
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
  pool.on("connect", (client) => {
    client.on("error", onError);
    watchForFatal(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: discardingDeadClients(pool) }) });
  return { db, pool, close: () => db.destroy() };
}

/** Clients whose backend said it is going away (severity FATAL): never handed out again. */
const doomed = new WeakSet<pg.PoolClient>();

/**
 * A backend terminated while it runs a query sends FATAL (57P01) and only then closes the socket.
 * The query fails, Kysely releases the client, and pg's pool would take it back as healthy (it
 * only checks that the socket is still open, which it is for a moment): the next query would get
 * it and fail with "Connection terminated unexpectedly". Noting the FATAL as it arrives lets the
 * release below destroy the client instead.
 */
function watchForFatal(client: pg.PoolClient): void {
  const connection = (client as unknown as { connection?: NodeJS.EventEmitter }).connection;
  connection?.on("errorMessage", (message: { severity?: string }) => {
    if (message.severity === "FATAL" || message.severity === "PANIC") doomed.add(client);
  });
}

/** The pool as Kysely sees it, with a release that removes a doomed client from the pool. */
function discardingDeadClients(pool: pg.Pool) {
  return {
    async connect() {
      const client = await pool.connect();
      const release = client.release;
      client.release = (error?: Error | boolean) => release(error || doomed.has(client));
      return client;
    },
    end: () => pool.end(),
  };
}
