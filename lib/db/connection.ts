import "server-only";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement } from "kysely";
import { engineOfUrl } from "./engine";
import { openPostgres, type PostgresOptions } from "./postgres";
import type { Database } from "./schema";

/** `file:./data/x.db`, `./data/x.db` or `:memory:` -> a SQLite path; a postgres URL -> null. */
export function sqlitePathFromUrl(url: string): string | null {
  if (engineOfUrl(url) === "postgres") return null;
  const filePath = url.replace(/^file:(\/\/)?/, "");
  return filePath === ":memory:" ? filePath : path.resolve(filePath);
}

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

function ours(stat: fs.Stats): boolean {
  return process.getuid === undefined || stat.uid === process.getuid();
}

/**
 * Creates the data folder readable by this user only (it holds the database and master.key), and
 * tightens one that already exists if it is ours. The working directory itself is left alone:
 * it is the app's folder, not a data folder, and other tools may need to read it.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  if (path.resolve(dir) === process.cwd()) return;
  const stat = fs.statSync(dir);
  if (ours(stat) && (stat.mode & 0o777) !== PRIVATE_DIR) fs.chmodSync(dir, PRIVATE_DIR);
}

/**
 * The database file and its -wal/-shm companions, readable by this user only. SQLite creates
 * -wal and -shm with the database file's permission bits, so creating the file 0600 before
 * SQLite opens it is what keeps them private too; files from an older, looser install are
 * tightened.
 */
function ensurePrivateDbFiles(file: string): void {
  fs.closeSync(fs.openSync(file, "a", PRIVATE_FILE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    let stat: fs.Stats;
    try {
      // A runtime path: without the hint Turbopack traces the whole project into the build.
      stat = fs.statSync(/*turbopackIgnore: true*/ f);
    } catch {
      continue;
    }
    if (ours(stat) && (stat.mode & 0o777) !== PRIVATE_FILE) fs.chmodSync(f, PRIVATE_FILE);
  }
}

/**
 * WAL lets the sync loop write while requests read. synchronous=NORMAL (not FULL): in WAL mode a
 * commit is written to the -wal file before it returns, so a committed transaction survives the
 * app process being killed (SIGKILL, OOM, a crash: the operating system still holds the write),
 * and the database is never corrupted. What it gives up is the fsync of every commit: after a
 * power loss or an operating-system crash the last commits before it may be missing (SQLite
 * fsyncs at each checkpoint). FULL cost an fsync per transaction, about 5 ms on the development
 * machine and far more on a busy disk, twice per click (claim, settle) and once per row a sync
 * pass wrote, all while blocking the process's one event loop (docs/reliability.md).
 */
export const SQLITE_SYNCHRONOUS = "NORMAL";

export type OpenDatabase = { db: Kysely<Database>; close: () => Promise<void> };

/** The dialect follows the URL: postgres:// or postgresql:// is PostgreSQL, anything else a SQLite file. */
export function openDatabase(url: string, postgres: PostgresOptions = {}): OpenDatabase {
  if (engineOfUrl(url) === "postgres") return openPostgres(url, postgres);
  const { db } = openSqlite(url);
  return { db, close: () => db.destroy() };
}

export function openSqlite(url: string): { sqlite: SQLite.Database; db: Kysely<Database> } {
  const file = sqlitePathFromUrl(url);
  if (file === null) throw new Error("not a SQLite URL");
  if (file !== ":memory:") {
    ensurePrivateDir(path.dirname(file));
    ensurePrivateDbFiles(file);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${SQLITE_SYNCHRONOUS}`);
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  return {
    sqlite,
    db: new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    }),
  };
}

/** Distinct SQL texts kept prepared; queries with inlined values make new texts, so it is bounded. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew (SqliteDriver calls prepare for each execution): SQLite then
 * parses and plans the same few dozen statements over and over, about a tenth of a millisecond
 * each, a dozen times per click and once per row a sync pass reads (docs/performance.md). A
 * prepared statement is reusable once it finished, and better-sqlite3 finishes all() and run()
 * before returning; one still being iterated (a streamed query) is `busy`, and a fresh one is
 * prepared for that caller. SQLite re-prepares a statement by itself after a schema change.
 */
export function withStatementCache(
  sqlite: SQLite.Database,
  size = STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string): SqliteStatement {
      const cached = cache.get(sqlText);
      if (cached && !cached.busy) {
        // Most recently used last, so the oldest is the first to go.
        cache.delete(sqlText);
        cache.set(sqlText, cached);
        return cached;
      }
      const statement = sqlite.prepare(sqlText);
      if (!cached) {
        cache.set(sqlText, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}
