import path from "node:path";
import Database from "better-sqlite3";

/** Read-only look into the e2e stack's database file, for assertions the UI cannot show. */
export function readDb<T>(query: string, ...params: unknown[]): T[] {
  const db = new Database(path.resolve("data", "e2e", "sms-desk-e2e.db"), { readonly: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}
