import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openSqlite, SQLITE_SYNCHRONOUS, withStatementCache } from "./connection";

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
  const modes = {
    dir: mode(path.dirname(file)),
    db: mode(file),
    wal: mode(`${file}-wal`),
    shm: mode(`${file}-shm`),
  };
  sqlite.close();
  return modes;
}

describe("openDatabase file permissions", () => {
  it.skipIf(process.platform === "win32")(
    "creates a fresh data folder 0700 and the db, -wal and -shm 0600",
    async () => {
      const file = path.join(root, "data", "nested", "app.db");
      expect(await openWriteAndClose(file)).toEqual({
        dir: 0o700,
        db: 0o600,
        wal: 0o600,
        shm: 0o600,
      });
    },
  );

  it.skipIf(process.platform === "win32")(
    "tightens a folder and files left world-readable by an older install",
    async () => {
      const dir = path.join(root, "data");
      fs.mkdirSync(dir, { mode: 0o755 });
      const file = path.join(dir, "old.db");
      fs.writeFileSync(file, "", { mode: 0o644 });
      fs.writeFileSync(`${file}-wal`, "", { mode: 0o644 });
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(file, 0o644);
      expect(await openWriteAndClose(file)).toEqual({
        dir: 0o700,
        db: 0o600,
        wal: 0o600,
        shm: 0o600,
      });
    },
  );
});

// Durability (docs/reliability.md): WAL with synchronous=NORMAL. A commit is in the -wal file
// before it returns, so it survives the app process being killed (e2e/crash.spec.ts SIGKILLs
// the app mid-Finish); only a power loss or an OS crash may take the last commits. FULL's fsync
// per commit cost ~5 ms twice per click, blocking the one event loop (docs/performance.md).
describe("SQLite settings", () => {
  it("opens in WAL mode with synchronous=NORMAL (1), foreign keys on and a busy timeout", () => {
    const { sqlite } = openSqlite(`file:${path.join(root, "settings.db")}`);
    try {
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(sqlite.pragma("synchronous", { simple: true })).toBe(1);
      expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
    } finally {
      sqlite.close();
    }
  });

  it("keeps every committed transaction when the process is killed without closing the database", () => {
    const file = path.join(root, "killed.db");
    // A child process with the same settings commits rows one transaction at a time, then is
    // SIGKILLed by itself: no close, no checkpoint. Every row it committed must be there when the file is opened again.
    const child = spawnSync(
      process.execPath,
      [
        "-e",
        `const Database = require("better-sqlite3");
         const db = new Database(${JSON.stringify(file)});
         db.pragma("journal_mode = WAL");
         db.pragma("synchronous = ${SQLITE_SYNCHRONOUS}");
         db.exec("CREATE TABLE t (x integer)");
         const insert = db.prepare("INSERT INTO t (x) VALUES (?)");
         for (let i = 0; i < 50; i++) db.transaction(() => insert.run(i))();
         process.kill(process.pid, "SIGKILL");`,
      ],
      { cwd: process.cwd() },
    );
    expect(child.signal).toBe("SIGKILL");
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    const { sqlite } = openSqlite(`file:${file}`);
    try {
      expect(sqlite.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 50 });
    } finally {
      sqlite.close();
    }
  });
});

describe("the prepared-statement cache", () => {
  it("prepares each SQL text once and reuses it, with fresh parameters each time", async () => {
    const { sqlite, db } = openSqlite(`file:${path.join(root, "cache.db")}`);
    const prepare = vi.spyOn(sqlite, "prepare");
    try {
      await sql`CREATE TABLE t (x integer)`.execute(db);
      for (let i = 0; i < 5; i++) await sql`INSERT INTO t (x) VALUES (${i})`.execute(db);
      const rows = await sql<{ x: number }>`SELECT x FROM t WHERE x >= ${3} ORDER BY x`.execute(db);
      expect(rows.rows).toEqual([{ x: 3 }, { x: 4 }]);
      const again = await sql<{ x: number }>`SELECT x FROM t WHERE x >= ${1} ORDER BY x`.execute(
        db,
      );
      expect(again.rows.map((r) => r.x)).toEqual([1, 2, 3, 4]);
      const texts = prepare.mock.calls.map(([text]) => text);
      expect(texts.filter((t) => t.startsWith("INSERT"))).toHaveLength(1);
      expect(texts.filter((t) => t.startsWith("SELECT"))).toHaveLength(1);
    } finally {
      sqlite.close();
    }
  });

  it("prepares a fresh statement while the cached one is still being iterated", () => {
    const sqlite = new SQLite(":memory:");
    try {
      sqlite.exec("CREATE TABLE t (x integer); INSERT INTO t VALUES (1), (2), (3)");
      const cached = withStatementCache(sqlite);
      const text = "SELECT x FROM t ORDER BY x";
      const iterating = cached.prepare(text).iterate([]);
      iterating.next();
      expect(cached.prepare(text).all([])).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
      expect([...iterating]).toEqual([{ x: 2 }, { x: 3 }]);
    } finally {
      sqlite.close();
    }
  });

  it("keeps at most its size of statements, dropping the least recently used", () => {
    const sqlite = new SQLite(":memory:");
    try {
      const prepare = vi.spyOn(sqlite, "prepare");
      const cached = withStatementCache(sqlite, 2);
      cached.prepare("SELECT 1");
      cached.prepare("SELECT 2");
      cached.prepare("SELECT 1"); // used again: "SELECT 2" is now the oldest
      cached.prepare("SELECT 3"); // over the size: "SELECT 2" goes
      cached.prepare("SELECT 1");
      cached.prepare("SELECT 2");
      expect(prepare.mock.calls.map(([text]) => text)).toEqual([
        "SELECT 1",
        "SELECT 2",
        "SELECT 3",
        "SELECT 2",
      ]);
    } finally {
      sqlite.close();
    }
  });
});
