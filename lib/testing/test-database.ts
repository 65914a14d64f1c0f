// The database an integration test file runs on. The vitest "sqlite" project gives each file a
// SQLite file in its temp folder; the "postgres" project (run when TEST_DATABASE_URL is set, as
// .ci/run does) gives each file a fresh database on that server, so files never share rows.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type TestEngine = "sqlite" | "postgres";

export function testEngine(): TestEngine {
  return process.env.TEST_ENGINE === "postgres" ? "postgres" : "sqlite";
}

/** A fresh, empty database's URL: `file:<dir>/<name>` on SQLite, a new database on PostgreSQL. */
export async function testDatabaseUrl(dir: string, name = "test.db"): Promise<string> {
  if (testEngine() === "sqlite") return `file:${path.join(dir, name)}`;
  return createPostgresDatabase();
}

/**
 * Points the app (DATABASE_URL, its secret, silent logs) at a fresh database of its own, for a
 * test file that opens lib/db directly; remove() deletes its temp folder afterwards.
 */
export async function useFreshTestDatabase(name: string): Promise<{ remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sms-desk-${name}-`));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, `${name}.db`);
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  return { remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Creates an empty database on TEST_DATABASE_URL's server and returns its URL. */
export async function createPostgresDatabase(prefix = "t"): Promise<string> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin || !/^postgres(ql)?:\/\//.test(admin)) {
    throw new Error("TEST_DATABASE_URL must be a postgres:// URL for the postgres test project");
  }
  const name = `sms_desk_${prefix}_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
