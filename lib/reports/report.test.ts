import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Insertable, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivationsTable } from "@/lib/db/schema";
import { testActivationRow, testKeyRow } from "@/lib/testing/rows";
import { testDatabaseUrl, testEngine } from "@/lib/testing/test-database";
import { DAY_MS, type ReportQuery } from "./filter";
import type { ReportGroup } from "./types";

// The report's aggregation against a real, migrated database (SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set): every figure of a small, hand-counted set of team A's rows, with
// team B's rows and rows outside the range that must never count.

let dir: string;
let mod: {
  report: typeof import("./report");
  csv: typeof import("./report-csv");
  reportSql: typeof import("./report-sql");
  db: typeof import("@/lib/db");
};

const NOW = Date.UTC(2026, 0, 10, 12);
const MIN = 60_000;
const SEC = 1000;
const TEAM_A = "team-a";
const KEY = { main: "key-main", second: "key-second", other: "key-other" };
const JAN = (day: number, hour = 9) => Date.UTC(2026, 0, day, hour);

type NewRow = Insertable<ActivationsTable>;
let seq = 0;
/** A row created here (ordered or found by sync) at `at`; a code `waitS` seconds after, if any. */
function row(over: Partial<NewRow> & { at?: number; waitS?: number } = {}): NewRow {
  const { at = JAN(9), waitS, ...rest } = over;
  return testActivationRow({
    key_id: KEY.main,
    id: String(++seq),
    cost: 0.5,
    codes: waitS === undefined ? "[]" : JSON.stringify([{ code: "123456", text: "x", at: at + waitS * SEC }]),
    // The provider's clock runs an hour ahead: the wait must not depend on it.
    purchased_at: at + 60 * MIN,
    expires_at: at + 80 * MIN,
    origin: "order",
    ordered_by: "op@example.com",
    created_at: at,
    updated_at: at,
    ...rest,
  });
}

const ROWS: NewRow[] = [
  // Telegram / Brazil, main key.
  row({ waitS: 60, ordered_by: "Op@Example.com" }),
  row({ state: "cancelled" }),
  row({ state: "expired", origin: "sync", ordered_by: null }),
  row({ waitS: 180, state: "code_received", at: NOW - 5 * MIN }),
  // Found by sync with its code already there: a code, but no known wait.
  row({ waitS: 0, origin: "sync", ordered_by: null, at: JAN(3) }),
  // A malformed codes value counts as a code, with no wait, and breaks nothing.
  row({ codes: "not json", at: JAN(3) }),
  // WhatsApp / Indonesia, second key, in roubles.
  row({ key_id: KEY.second, service: "wa", country_code: "6", country_name: "Indonesia", cost: 2, currency: 643, ordered_by: "admin@example.com", waitS: 30 }),
  // Still waiting, in its lifetime: bought, neither coded nor refunded.
  row({ key_id: KEY.second, service: "wa", country_code: "6", country_name: null, cost: 2, currency: 643, ordered_by: "admin@example.com", state: "waiting", at: NOW - 2 * MIN }),
  // Still marked waiting long after its lifetime (its key no longer synced): expired, refunded.
  row({ key_id: KEY.second, service: "wa", country_code: "6", cost: 2, currency: 643, ordered_by: "admin@example.com", state: "waiting", at: JAN(2) }),
  // Cancelled after a code: the provider keeps the money.
  row({ key_id: KEY.second, service: "wa", country_code: "6", cost: 2, currency: 643, ordered_by: "admin@example.com", state: "cancelled", waitS: 90 }),
  // Outside the range (the day before), and another team's row inside it.
  row({ at: Date.UTC(2025, 11, 31, 22) }),
  row({ key_id: KEY.other, waitS: 5 }),
];

const QUERY: ReportQuery = { fromMs: Date.UTC(2026, 0, 1), toMs: Date.UTC(2026, 0, 11), by: ["service"] };
const report = (over: Partial<ReportQuery> = {}) => mod.report.buildReport(TEAM_A, { ...QUERY, ...over }, NOW);
const find = (groups: ReportGroup[], values: Record<string, string | null>) =>
  groups.find((g) => Object.entries(values).every(([k, v]) => g.values[k as keyof typeof g.values] === v));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-report-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, "test.db");
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  mod = {
    report: await import("./report"),
    csv: await import("./report-csv"),
    reportSql: await import("./report-sql"),
    db: await import("@/lib/db"),
  };
  const db = await mod.db.getDb();
  let order = 0;
  const key = (id: string, team_id: string, name: string, deleted_at: number | null = null) =>
    testKeyRow({ id, team_id, name, created_at: NOW + order++, updated_at: NOW, deleted_at });
  await db
    .insertInto("provider_keys")
    .values([key(KEY.main, TEAM_A, "Main"), key(KEY.second, TEAM_A, "Second", NOW - MIN), key(KEY.other, "team-b", "B's key")])
    .execute();
  await db.insertInto("activations").values(ROWS).execute();
});

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("buildReport", () => {
  it("totals the team's numbers bought in the range: counts, money per currency, refunds, median wait", async () => {
    const { totals } = await report();
    expect(totals).toEqual({
      bought: 10,
      withCode: 6,
      refunded: 3,
      refundedAmount: [
        { currency: 643, amount: 2 },
        { currency: 840, amount: 1 },
      ],
      spend: [
        { currency: 643, amount: 6 },
        { currency: 840, amount: 2 },
      ],
      // Waits 30, 60, 90, 180 s (the sync-found code and the malformed row have none).
      medianFirstCodeMs: 75 * SEC,
    });
  });

  it("groups by service, largest first, with each group's own median", async () => {
    const { groups } = await report();
    expect(groups.map((g) => g.values)).toEqual([{ service: "tg" }, { service: "wa" }]);
    expect(groups[0]?.metrics).toMatchObject({ bought: 6, withCode: 4, refunded: 2, medianFirstCodeMs: 120 * SEC });
    expect(groups[1]?.metrics).toMatchObject({ bought: 4, withCode: 2, refunded: 1, medianFirstCodeMs: 60 * SEC });
  });

  it("groups by member, case-insensitively, with sync's finds as their own group (null)", async () => {
    const { groups } = await report({ by: ["member"] });
    expect(find(groups, { member: "op@example.com" })?.metrics).toMatchObject({ bought: 4, withCode: 3, refunded: 1 });
    expect(find(groups, { member: null })?.metrics).toMatchObject({ bought: 2, withCode: 1, refunded: 1, medianFirstCodeMs: null });
    expect(find(groups, { member: "admin@example.com" })?.metrics.bought).toBe(4);
  });

  it("crosses dimensions and keeps the country's name", async () => {
    const { groups } = await report({ by: ["country", "member", "key"] });
    expect(groups).toHaveLength(3);
    const wa = find(groups, { country: "6", member: "admin@example.com", key: KEY.second });
    expect(wa?.countryName).toBe("Indonesia");
    expect(wa?.metrics.spend).toEqual([{ currency: 643, amount: 6 }]);
  });

  it("filters on one key, and another team's key reads nothing", async () => {
    expect((await report({ keyId: KEY.second })).totals.bought).toBe(4);
    const foreign = await report({ keyId: KEY.other });
    expect(foreign.totals.bought).toBe(0);
    expect(foreign.groups).toEqual([]);
  });

  it("has every day of the range, empty ones too, for the chart", async () => {
    const { days } = await report();
    expect(days).toHaveLength(10);
    expect(days[0]?.dayMs).toBe(QUERY.fromMs);
    // Purchases are dated on the provider's clock (an hour after creation here).
    const byDay = Object.fromEntries(days.map((d) => [(d.dayMs - QUERY.fromMs) / DAY_MS + 1, d.bought]));
    expect(byDay).toMatchObject({ 1: 0, 2: 1, 3: 2, 9: 5, 10: 2 });
    expect(days.find((d) => d.dayMs === JAN(2, 0))?.spend).toEqual([{ currency: 643, amount: 0 }]);
  });

  it("lists the team's keys, deleted ones marked", async () => {
    expect((await report()).keys).toEqual([
      { id: KEY.main, name: "Main", deleted: false },
      { id: KEY.second, name: "Second", deleted: true },
    ]);
  });

  it("exports CSV: a line per group, then the totals, money in a column per currency, cells guarded", async () => {
    const db = await mod.db.getDb();
    await db.updateTable("provider_keys").set({ name: "=HYPERLINK(1)" }).where("id", "=", KEY.main).execute();
    const labels = { outside: "outside SMS Desk", total: "Total", deletedKey: (name: string) => `${name} (deleted)` };
    const lines = mod.csv.reportCsv(await report({ by: ["service", "member", "key"] }), labels).split("\r\n");
    await db.updateTable("provider_keys").set({ name: "Main" }).where("id", "=", KEY.main).execute();
    expect(lines[0]).toBe(
      "service,service_name,member,key,numbers_bought,with_code,code_share,median_seconds_to_first_code,refunds,spend_RUB,spend_USD,refunded_amount_RUB,refunded_amount_USD",
    );
    expect(lines).toContain("wa,WhatsApp,admin@example.com,Second (deleted),4,2,0.5,60,1,6,0,2,0");
    expect(lines).toContain("tg,Telegram,op@example.com,'=HYPERLINK(1),4,3,0.75,120,1,0,1.5,0,0.5");
    expect(lines).toContain("tg,Telegram,outside SMS Desk,'=HYPERLINK(1),2,1,0.5,,1,0,0.5,0,0.5");
    expect(lines.at(-2)).toBe("Total,,,,10,6,0.6,75,3,6,2,2,1");
    expect(lines.at(-1)).toBe("");
  });

  it("reads the range through the (key_id, purchased_at) index, not every row of each key", async () => {
    const db = await mod.db.getDb();
    if (testEngine() === "postgres") {
      const { rows } = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE indexname = 'activations_by_key_purchase'`.execute(db);
      expect(rows[0]?.indexdef).toMatch(/\(key_id, purchased_at\)/);
      return;
    }
    const rows = mod.reportSql.scopedRows(TEAM_A, QUERY, ["service"], NOW);
    const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${rows}`.execute(db);
    expect(plan.rows.map((r) => r.detail).join(" | ")).toMatch(/USING INDEX activations_by_key_purchase \(key_id=\? AND purchased_at>\? AND purchased_at<\?\)/);
  });
});
