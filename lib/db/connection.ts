import "server-only";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
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
      stat = fs.statSync(f);
    } catch {
      continue;
    }
    if (ours(stat) && (stat.mode & 0o777) !== PRIVATE_FILE) fs.chmodSync(f, PRIVATE_FILE);
  }
}

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
  // WAL lets the sync loop write while requests read; synchronous=FULL makes every committed
  // transaction durable across a crash (an event log that loses rows is no log).
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  return { sqlite, db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}
