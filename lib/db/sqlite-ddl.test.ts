import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import before from "./sqlite-ddl-before-postgres.json";

// PostgreSQL support changed how the migrations are written (types chosen per engine), not what
// they build on SQLite: every table, index and trigger that existed before comes out of today's
// migrations byte for byte the same (sqlite-ddl-before-postgres.json was dumped from the SQLite
// schema as it shipped, migrations 0001-0006 and better-auth's tables).

/** Columns added since (ALTER TABLE ADD COLUMN writes them into the table's stored CREATE). */
const ADDED_COLUMNS: Record<string, string[]> = { activations: ['"pending_instance" text', '"ordered_by" text'] };
const withoutAdded = (entry: Entry, sql: string | undefined) =>
  (ADDED_COLUMNS[entry.name] ?? []).reduce((text, column) => text?.replace(`, ${column}`, ""), sql);

type Entry = { type: string; name: string; tbl_name: string; sql: string };
let dir: string;
let now: Entry[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-ddl-"));
  const file = path.join(dir, "ddl.db");
  process.env.DATABASE_URL = `file:${file}`;
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  await (await import("@/lib/db")).getDb();
  const sqlite = new Database(file, { readonly: true });
  now = sqlite
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name")
    .all() as Entry[];
  sqlite.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the SQLite schema", () => {
  it("keeps every table, index and trigger that shipped before PostgreSQL, unchanged", () => {
    const byName = new Map(now.map((e) => [`${e.type}:${e.name}`, e.sql]));
    for (const entry of before as Entry[]) {
      const sql = withoutAdded(entry, byName.get(`${entry.type}:${entry.name}`));
      expect({ name: entry.name, sql }).toEqual({ name: entry.name, sql: entry.sql });
    }
  });

  it("adds only the cluster's tables and columns, and issue 9's indexes (poll, history) and orderer, and the prunes' indexes", () => {
    const activations = now.find((e) => e.name === "activations")?.sql ?? "";
    for (const column of ADDED_COLUMNS.activations ?? []) expect(activations).toContain(column);
    const shipped = new Set((before as Entry[]).map((e) => `${e.type}:${e.name}`));
    const added = now.filter((e) => !shipped.has(`${e.type}:${e.name}`)).map((e) => e.name);
    expect(added.sort()).toEqual([
      "activations_by_key_purchase",
      "activations_by_key_version",
      "activations_history_count",
      "activations_history_order",
      "app_instances",
      "key_webhooks",
      "order_requests_by_created",
      "quick_buys",
      "quick_buys_by_team",
      "rate_buckets",
      "rule_refusals",
      "smart_buy_attempts",
      "smart_buys",
      "smart_buys_by_key_state",
      "smart_buys_by_team",
      "spend_reservations",
      "spend_reservations_by_created",
      "spend_reservations_by_key",
      "spend_reservations_by_member",
      "spending_limits",
      "sync_leases",
      "team_rules",
      "webhook_deliveries",
      "webhook_deliveries_by_at",
    ]);
  });
});
