import path from "node:path";
import Database from "better-sqlite3";

/** The e2e stack's data folder (scripts/e2e-stack.mjs: one per app port). */
export const E2E_DATA_DIR = path.resolve("data", process.env.E2E_APP_PORT ? `e2e-${process.env.E2E_APP_PORT}` : "e2e");
export const E2E_DB_FILE = path.join(E2E_DATA_DIR, "sms-desk-e2e.db");

/** Read-only look into the e2e stack's database file, for assertions the UI cannot show. */
export function readDb<T>(query: string, ...params: unknown[]): T[] {
  const db = new Database(E2E_DB_FILE, { readonly: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}
