import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Insertable } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivationsTable } from "@/lib/db/schema";
import { testActivationRow, testKeyRow } from "@/lib/testing/rows";
import { testDatabaseUrl } from "@/lib/testing/test-database";
import type { HistoryFilter, HistoryPosition } from "./history-filter";

// The history queries against a real, migrated database (SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set). Fixtures: team A with a live key, a second key and a deleted one;
// team B with rows that match every search and filter A uses. A's history must show A's ended
// rows only, in one stable order, page after page.

let dir: string;
let mod: {
  history: typeof import("./history");
  csv: typeof import("./history-csv");
  db: typeof import("@/lib/db");
};

const NOW = Date.UTC(2026, 0, 10, 12);
const MIN = 60_000;
const TEAM_A = "team-a";
const TEAM_B = "team-b";
const ME = { email: "Me@Example.com" };
const KEY = { main: "key-main", second: "key-second", gone: "key-gone", other: "key-other" };

type NewRow = Insertable<ActivationsTable>;
const code = (c: string, text: string | null = null, at = NOW - 30 * MIN) => ({
  code: c,
  text,
  at,
});

function row(id: string, over: Partial<NewRow> = {}): NewRow {
  return testActivationRow({
    key_id: KEY.main,
    id,
    purchased_at: NOW - 60 * MIN,
    expires_at: NOW - 40 * MIN,
    created_at: NOW - 60 * MIN,
    updated_at: NOW - 50 * MIN,
    ...over,
  });
}

async function insertKeys() {
  const db = await mod.db.getDb();
  let order = 0;
  const key = (id: string, team_id: string, name: string, deleted_at: number | null = null) =>
    testKeyRow({ id, team_id, name, created_at: NOW + order++, updated_at: NOW, deleted_at });
  await db
    .insertInto("provider_keys")
    .values([
      key(KEY.main, TEAM_A, "Main"),
      key(KEY.second, TEAM_A, "Second"),
      key(KEY.gone, TEAM_A, "Old key", NOW - 5 * MIN),
      key(KEY.other, TEAM_B, "B's key"),
    ])
    .execute();
}

async function insert(rows: NewRow[]) {
  const db = await mod.db.getDb();
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto("activations")
      .values(rows.slice(i, i + 200))
      .execute();
}

async function clearActivations() {
  await (await mod.db.getDb()).deleteFrom("activations").execute();
}

const list = (filter: HistoryFilter = {}, position?: HistoryPosition, pageSize?: number) =>
  mod.history.listHistory(TEAM_A, ME, filter, position, { pageSize, nowMs: NOW });
const ids = async (filter: HistoryFilter = {}) =>
  (await list(filter, undefined, 1000)).rows.map((r) => r.id);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-history-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, "test.db");
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  mod = {
    history: await import("./history"),
    csv: await import("./history-csv"),
    db: await import("@/lib/db"),
  };
  await insertKeys();
});

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("what counts as history", () => {
  beforeAll(async () => {
    await clearActivations();
    await insert([
      row("101", {
        state: "finished",
        codes: JSON.stringify([code("482913")]),
        last_action: "finish",
        last_action_at: NOW - 45 * MIN,
        last_actor: "op@example.com",
      }),
      row("102", { state: "cancelled", purchased_at: NOW - 61 * MIN }),
      row("103", { state: "expired", purchased_at: NOW - 62 * MIN }),
      // Running: not history.
      row("104", { state: "waiting", purchased_at: NOW - 5 * MIN, expires_at: NOW + 15 * MIN }),
      row("105", {
        state: "code_received",
        purchased_at: NOW - 5 * MIN,
        expires_at: NOW + 15 * MIN,
      }),
      // Lifetime over, but within sync's grace: sync may still learn how it ended.
      row("106", { state: "waiting", purchased_at: NOW - 25 * MIN, expires_at: NOW - 5 * MIN }),
      // Past lifetime and grace, never closed (its key is deleted): ended, as sync would close it.
      row("107", {
        key_id: KEY.gone,
        state: "waiting",
        purchased_at: NOW - 63 * MIN,
        expires_at: NOW - 43 * MIN,
      }),
      row("108", {
        key_id: KEY.gone,
        state: "code_received",
        codes: JSON.stringify([code("5555")]),
        purchased_at: NOW - 64 * MIN,
        expires_at: NOW - 44 * MIN,
      }),
      // Another team's: never.
      row("109", { key_id: KEY.other, state: "finished" }),
    ]);
  });

  it("lists the team's ended rows newest first, running ones and other teams' never", async () => {
    const page = await list();
    expect(page.rows.map((r) => r.id)).toEqual(["101", "102", "103", "107", "108"]);
    expect(page.total).toBe(5);
    expect(page.start).toBe(1);
    expect(page.newer).toBeNull();
    expect(page.older).toBeNull();
  });

  it("keeps a deleted key's rows, named, and shows a never-closed row's end as sync would record it", async () => {
    const rows = (await list()).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get("107")).toMatchObject({
      keyName: "Old key",
      keyDeleted: true,
      state: "expired",
      assumed: true,
      endedAtMs: NOW - 43 * MIN,
    });
    expect(byId.get("108")).toMatchObject({ state: "finished", assumed: true, codes: ["5555"] });
    expect(byId.get("101")).toMatchObject({
      keyName: "Main",
      keyDeleted: false,
      state: "finished",
      assumed: false,
      codes: ["482913"],
      endedAtMs: NOW - 45 * MIN,
      lastActor: "op@example.com",
      phone: "5511900000101",
      cost: 0.32,
    });
    // Cancelled elsewhere: ended when we recorded it; expired: at the lifetime's end.
    expect(byId.get("102")?.endedAtMs).toBe(NOW - 50 * MIN);
    expect(byId.get("103")?.endedAtMs).toBe(NOW - 40 * MIN);
  });

  it("filters by state, the assumed ends included", async () => {
    expect(await ids({ state: "finished" })).toEqual(["101", "108"]);
    expect(await ids({ state: "expired" })).toEqual(["103", "107"]);
    expect(await ids({ state: "cancelled" })).toEqual(["102"]);
  });

  it("filters by key, another team's key matching nothing", async () => {
    expect(await ids({ keyId: KEY.gone })).toEqual(["107", "108"]);
    expect(await ids({ keyId: KEY.other })).toEqual([]);
    expect(await ids({ keyId: "no-such-key" })).toEqual([]);
  });
});

describe("paging", () => {
  // 130 rows in groups of three bought in the same millisecond, over two keys: the order's
  // ties (key, then id) fall across page boundaries.
  const expected: string[] = [];
  beforeAll(async () => {
    await clearActivations();
    const rows: NewRow[] = [];
    for (let i = 0; i < 130; i++) {
      rows.push(
        row(String(1000 + i), {
          key_id: i % 2 === 0 ? KEY.main : KEY.second,
          purchased_at: NOW - 10 * MIN - Math.floor(i / 3) * 1000,
          expires_at: NOW,
          state: "finished",
        }),
      );
    }
    rows.push(row("9999", { key_id: KEY.other, purchased_at: NOW - 10 * MIN }));
    await insert(rows);
    const sorted = rows
      .filter((r) => r.key_id !== KEY.other)
      .sort(
        (a, b) =>
          b.purchased_at - a.purchased_at ||
          (a.key_id < b.key_id ? 1 : a.key_id > b.key_id ? -1 : 0) ||
          (a.id < b.id ? 1 : -1),
      );
    expected.push(...sorted.map((r) => r.id));
  });

  it("walks every row exactly once, forwards and back, with its place in the whole", async () => {
    const p1 = await list({}, undefined, 50);
    expect(p1.rows.map((r) => r.id)).toEqual(expected.slice(0, 50));
    expect([p1.total, p1.start, p1.newer]).toEqual([130, 1, null]);
    if (!p1.older) throw new Error("no next page");

    const p2 = await list({}, { kind: "after", cursor: p1.older }, 50);
    expect(p2.rows.map((r) => r.id)).toEqual(expected.slice(50, 100));
    expect(p2.start).toBe(51);
    if (!p2.older || !p2.newer) throw new Error("page 2 has no neighbours");

    const p3 = await list({}, { kind: "after", cursor: p2.older }, 50);
    expect(p3.rows.map((r) => r.id)).toEqual(expected.slice(100));
    expect([p3.start, p3.older]).toEqual([101, null]);
    if (!p3.newer) throw new Error("page 3 has no previous page");

    const back = await list({}, { kind: "before", cursor: p3.newer }, 50);
    expect(back.rows.map((r) => r.id)).toEqual(expected.slice(50, 100));
    expect(back.start).toBe(51);
    const front = await list({}, { kind: "before", cursor: p2.newer }, 50);
    expect(front.rows.map((r) => r.id)).toEqual(expected.slice(0, 50));
    expect([front.start, front.newer]).toEqual([1, null]);
  });

  it("jumps to the oldest page", async () => {
    const last = await list({}, { kind: "last" }, 50);
    expect(last.rows.map((r) => r.id)).toEqual(expected.slice(80));
    expect([last.start, last.older]).toEqual([81, null]);
    expect(last.newer).not.toBeNull();
  });

  it("an exact multiple of the page size has no empty last page", async () => {
    const p1 = await list({ keyId: KEY.main }, undefined, 65);
    expect([p1.total, p1.rows.length, p1.older]).toEqual([65, 65, null]);
  });

  it("a cursor past the end is an empty page that still knows the total", async () => {
    const page = await list(
      {},
      { kind: "after", cursor: { purchasedAt: 1, keyId: "a", id: "1" } },
      50,
    );
    expect([page.rows.length, page.total, page.start, page.older, page.newer]).toEqual([
      0,
      130,
      0,
      null,
      null,
    ]);
  });

  it("the export's batches hold the whole filtered history in the same order", async () => {
    const batches: string[][] = [];
    for await (const batch of mod.history.historyBatches(
      TEAM_A,
      ME,
      {},
      { batchSize: 40, nowMs: NOW },
    ))
      batches.push(batch.map((r) => r.id));
    expect(batches.map((b) => b.length)).toEqual([40, 40, 40, 10]);
    expect(batches.flat()).toEqual(expected);
  });
});

describe("search and filters", () => {
  beforeAll(async () => {
    await clearActivations();
    const texts = (c: string) =>
      JSON.stringify([code(c, `Your code is ${c}. Do not share 17004`, 1700400000000)]);
    await insert([
      row("201", {
        phone: "5511987654321",
        service: "tg",
        codes: texts("AB12CD"),
        purchased_at: NOW - 20 * MIN,
      }),
      row("202", {
        phone: "6281234567890",
        service: "wa",
        country_code: "6",
        country_name: "Indonesia",
        purchased_at: NOW - 21 * MIN,
        ordered_by: "me@example.com",
      }),
      row("203", {
        key_id: KEY.second,
        service: "zz",
        country_code: "187",
        country_name: null,
        state: "cancelled",
        purchased_at: NOW - 22 * MIN,
        last_actor: "ME@EXAMPLE.COM",
        last_action: "cancel",
        last_action_at: NOW - 21 * MIN,
      }),
      row("204", {
        service: "go",
        codes: "not json [",
        state: "expired",
        purchased_at: NOW - 23 * MIN,
        last_actor: "someone@example.com",
        ordered_by: "someone@example.com",
      }),
      row("205", {
        service: "fb",
        country_code: "12",
        country_name: "USA 100%_off",
        codes: JSON.stringify([code("111"), code("999000")]),
        purchased_at: NOW - 24 * MIN,
      }),
      // Team B: matches every search below, must never show.
      row("201", {
        key_id: KEY.other,
        phone: "5511987654321",
        codes: texts("AB12CD"),
        ordered_by: "me@example.com",
      }),
      row("2050", {
        key_id: KEY.other,
        service: "bq",
        country_code: "555",
        country_name: "USA 100%_off",
        codes: JSON.stringify([code("999000")]),
      }),
    ]);
  });

  it.each([
    ["a number as written", "+55 (11) 98765-4321", ["201"]],
    ["part of a number", "4567890", ["202"]],
    ["an activation id", "203", ["203"]],
    ["a code, any case", "ab12", ["201"]],
    ["a later code", "9990", ["205"]],
    ["not the SMS text", "share", []],
    ["not a code's timestamp", "17004", []],
    ["a service code", "zz", ["203"]],
    ["a service by its name", "whats", ["202"]],
    ["a country by the provider's name", "indones", ["202"]],
    ["a country by the catalogue's name", "brazil", ["201", "204"]],
    ["a country code", "187", ["203"]],
    ["a LIKE wildcard, literally", "100%_", ["205"]],
    ["an underscore is no single-character wildcard", "1_0", []],
    ["nothing", "no such thing", []],
  ])("search: %s", async (_name, q, expected) => {
    expect(await ids({ q })).toEqual(expected);
  });

  it("a malformed codes value breaks no search", async () => {
    expect(await ids({ q: "json" })).toEqual([]);
    expect(await ids({ q: "go" })).toEqual(["204"]);
  });

  it("filters by service, country and key, and combines them with the search", async () => {
    expect(await ids({ service: "wa" })).toEqual(["202"]);
    expect(await ids({ country: "73" })).toEqual(["201", "204"]);
    expect(await ids({ keyId: KEY.second })).toEqual(["203"]);
    expect(await ids({ country: "73", q: "ab12" })).toEqual(["201"]);
    expect(await ids({ country: "6", q: "ab12" })).toEqual([]);
  });

  it("mine: ordered by me or last acted on by me, any case; never another team's", async () => {
    expect(await ids({ mine: true })).toEqual(["202", "203"]);
    const other = await mod.history.listHistory(
      TEAM_A,
      { email: "someone@example.com" },
      { mine: true },
      undefined,
      { nowMs: NOW },
    );
    expect(other.rows.map((r) => r.id)).toEqual(["204"]);
  });

  it("another team's rows never appear, whatever is asked", async () => {
    const all = await list({}, undefined, 1000);
    expect(all.rows.every((r) => r.keyId !== KEY.other)).toBe(true);
    expect(all.total).toBe(5);
    const b = await mod.history.listHistory(TEAM_B, ME, {}, undefined, { nowMs: NOW });
    expect(b.rows.map((r) => r.id).sort()).toEqual(["201", "2050"]);
  });

  it("offers the team's keys (deleted ones marked), the catalogue's and its own services and countries, never another team's", async () => {
    const facets = await mod.history.historyFacets(TEAM_A);
    expect(facets.keys).toEqual([
      { id: KEY.main, name: "Main", deleted: false },
      { id: KEY.second, name: "Second", deleted: false },
      { id: KEY.gone, name: "Old key", deleted: true },
    ]);
    expect(facets.services).toEqual(["ds", "fb", "go", "ig", "ot", "tg", "wa", "zz"]);
    expect(facets.countries).toEqual([
      { code: "0", name: null },
      { code: "6", name: "Indonesia" },
      { code: "12", name: "USA 100%_off" },
      { code: "16", name: null },
      { code: "73", name: "Brazil" },
      { code: "187", name: null },
    ]);
  });
});

describe("the CSV export", () => {
  it("streams the header and every filtered row, with the key's name and no secret", async () => {
    const stream = mod.csv.historyCsvStream(TEAM_A, ME, { q: "ab12" });
    const text = await new Response(stream).text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(mod.csv.HISTORY_CSV_COLUMNS.join(","));
    expect(lines.slice(1)).toEqual([
      `201,Main,5511987654321,tg,73,Brazil,finished,AB12CD,0.32,840,${new Date(NOW - 20 * MIN).toISOString()},${new Date(NOW - 50 * MIN).toISOString()},,,`,
      "",
    ]);
    expect(text).not.toContain("sealed-secret-never-shown");
    expect(text).not.toContain("Zq7x");
  });

  it("guards a country name that a spreadsheet would run", async () => {
    await insert([
      row("301", {
        country_code: "99",
        country_name: '=HYPERLINK("http://x","y")',
        purchased_at: NOW - 30 * MIN,
      }),
    ]);
    const text = await new Response(mod.csv.historyCsvStream(TEAM_A, ME, { country: "99" })).text();
    expect(text.split("\r\n")[1]).toContain(`,"'=HYPERLINK(""http://x"",""y"")",`);
  });
});
