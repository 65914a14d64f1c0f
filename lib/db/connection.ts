import "server-only";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema";

/** `file:./data/x.db`, `./data/x.db` or `:memory:` -> a SQLite path; a postgres URL -> null. */
export function sqlitePathFromUrl(url: string): string | null {
  if (/^postgres(ql)?:\/\//i.test(url)) return null;
  const filePath = url.replace(/^file:(\/\/)?/, "");
  return filePath === ":memory:" ? filePath : path.resolve(filePath);
}

export function openDatabase(url: string): { sqlite: SQLite.Database; db: Kysely<Database> } {
  const file = sqlitePathFromUrl(url);
  if (file === null) {
    // The dialect is chosen from the URL so PostgreSQL can follow without touching queries;
    // until it is wired and tested, refuse clearly instead of half-working.
    throw new Error("PostgreSQL DATABASE_URL is not supported yet: use a SQLite file path");
  }
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets the sync loop write while requests read; synchronous=FULL makes every committed
  // transaction durable across a crash (an event log that loses rows is no log).
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  return { sqlite, db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}
