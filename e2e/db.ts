import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

// The e2e specs' look into the app's database, for assertions the UI cannot show (and the odd
// deliberate damage). The usual Playwright project runs on the stack's SQLite file; the cluster
// project sets E2E_DATABASE_URL to its PostgreSQL database. Queries are written once, with `?`
// placeholders and SQL both engines read (quote "user", compare text, no engine functions).

/** The e2e stack's data folder (scripts/e2e-stack.mjs: one per app port). */
export const E2E_DATA_DIR = path.resolve("data", process.env.E2E_APP_PORT ? `e2e-${process.env.E2E_APP_PORT}` : "e2e");
export const E2E_DB_FILE = path.join(E2E_DATA_DIR, "sms-desk-e2e.db");

const isPostgres = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** The database of the app under test: E2E_DATABASE_URL, else the stack's SQLite file. */
export function e2eDatabaseUrl(): string {
  return process.env.E2E_DATABASE_URL || `file:${E2E_DB_FILE}`;
}

export function e2eUsesPostgres(): boolean {
  return isPostgres(e2eDatabaseUrl());
}

/** `?` placeholders as PostgreSQL's $1, $2, …; a `?` inside a quoted literal or name stays. */
export function toPostgresPlaceholders(sql: string): string {
  let out = "";
  let quote: string | null = null;
  let n = 0;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === "?" ? `$${++n}` : ch;
  }
  return out;
}

const INT8 = 20;
const NUMERIC = 1700;
/** bigint and numeric as numbers, as the app reads them (lib/db/postgres.ts) and SQLite returns them. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Runs one statement on the app's database (or on `url`: a spec's own server) and returns its
 * rows (none for a write). Opens and closes a connection per call: specs query rarely, and an
 * open handle must never keep the app's SQLite file or a PostgreSQL connection busy.
 */
export async function queryDb<T = Record<string, unknown>>(sql: string, params: unknown[] = [], url = e2eDatabaseUrl()): Promise<T[]> {
  if (isPostgres(url)) {
    const client = new pg.Client({ connectionString: url, types });
    await client.connect();
    try {
      return (await client.query(toPostgresPlaceholders(sql), params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  // fileMustExist: a wrong path fails the spec instead of creating an empty database to read.
  const db = new Database(url.replace(/^file:(\/\/)?/, ""), { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  } finally {
    db.close();
  }
}

/** Read-only look into the stack's SQLite file, synchronous (specs that only run on SQLite). */
export function readDb<T>(query: string, ...params: unknown[]): T[] {
  const db = new Database(E2E_DB_FILE, { readonly: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}
