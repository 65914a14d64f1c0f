import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqlite } from "./connection";

// The data folder holds the database and master.key: with the usual umask (022) they would be
// created world-readable. They must be 0700 (folder) and 0600 (db, -wal, -shm) whatever the umask.

const mode = (p: string) => fs.statSync(p).mode & 0o777;
let root: string;
let oldUmask: number;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-perm-"));
  oldUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(oldUmask);
  fs.rmSync(root, { recursive: true, force: true });
});

async function openWriteAndClose(file: string) {
  const { sqlite, db } = openSqlite(`file:${file}`);
  await sql`CREATE TABLE IF NOT EXISTS t (x integer)`.execute(db);
  await sql`INSERT INTO t (x) VALUES (1)`.execute(db);
  // Both companions exist while the connection is open in WAL mode.
  expect(fs.existsSync(`${file}-wal`)).toBe(true);
  expect(fs.existsSync(`${file}-shm`)).toBe(true);
  const modes = { dir: mode(path.dirname(file)), db: mode(file), wal: mode(`${file}-wal`), shm: mode(`${file}-shm`) };
  sqlite.close();
  return modes;
}

describe("openDatabase file permissions", () => {
  it.skipIf(process.platform === "win32")("creates a fresh data folder 0700 and the db, -wal and -shm 0600", async () => {
    const file = path.join(root, "data", "nested", "app.db");
    expect(await openWriteAndClose(file)).toEqual({ dir: 0o700, db: 0o600, wal: 0o600, shm: 0o600 });
  });

  it.skipIf(process.platform === "win32")("tightens a folder and files left world-readable by an older install", async () => {
    const dir = path.join(root, "data");
    fs.mkdirSync(dir, { mode: 0o755 });
    const file = path.join(dir, "old.db");
    fs.writeFileSync(file, "", { mode: 0o644 });
    fs.writeFileSync(`${file}-wal`, "", { mode: 0o644 });
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(file, 0o644);
    expect(await openWriteAndClose(file)).toEqual({ dir: 0o700, db: 0o600, wal: 0o600, shm: 0o600 });
  });
});
