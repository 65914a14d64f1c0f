import { describe, expect, it } from "vitest";
import type { ActivationDto, ActivationsResponse } from "@/lib/activations/dto";
import { activationRow, FIXTURE_NOW, keyTiming } from "@/lib/activations/test-fixtures";
import {
  FIRST_SCREEN_ROWS,
  firstScreen,
  firstScreenHolds,
  firstScreenSkewMs,
} from "./first-screen";
import {
  applyTableFilters,
  DEFAULT_FILTERS,
  filterByState,
  narrow,
  sortRows,
  type TableFilters,
} from "./table-filters";

const NOW = FIXTURE_NOW;
const MIN = 60_000;

const row = (i: number): ActivationDto =>
  activationRow({
    id: String(1000 + i),
    keyId: i % 3 === 0 ? "k2" : "k1",
    phone: `55119${String(i).padStart(8, "0")}`,
    service: i % 4 === 0 ? "wa" : "tg",
    countryCode: i % 5 === 0 ? "187" : "73",
    state: i % 7 === 0 ? "code_received" : i % 11 === 0 ? "finished" : "waiting",
    purchasedAtMs: NOW - (i % 40) * MIN,
    expiresAtMs: NOW + ((i * 7) % 20) * MIN,
    lastActor: i % 2 === 0 ? "me@example.com" : null,
    updatedAtMs: NOW - MIN,
  });

const ROWS = Array.from({ length: 300 }, (_, i) => row(i));
const data = (keys = [keyTiming("k1"), keyTiming("k2")]): ActivationsResponse => ({
  serverNowMs: NOW,
  keys,
  activations: ROWS,
});
const ME = "me@example.com";
const clock = {
  serverNowMs: NOW,
  offsets: new Map([
    ["k1", 0],
    ["k2", 0],
  ]),
};
const ids = (rows: readonly ActivationDto[]) => rows.map((a) => `${a.keyId}/${a.id}`);

const VIEWS: [string, TableFilters][] = [
  ["the defaults", DEFAULT_FILTERS],
  ["active rows by time left", { ...DEFAULT_FILTERS, status: "active", sort: "timeLeft" }],
  [
    "a search, a service and mine",
    { ...DEFAULT_FILTERS, q: "5511900000", service: "tg", mine: true },
  ],
  ["a key and a country", { ...DEFAULT_FILTERS, key: "k2", country: "187" }],
];

describe("firstScreen", () => {
  it.each(VIEWS)("%s: the head of what the full set shows, with the full set's figures", (_, f) => {
    const first = firstScreen(data(), f, ME);
    const all = applyTableFilters(ROWS, f, clock, ME);
    expect(ids(first.rows)).toEqual(ids(all.rows.slice(0, FIRST_SCREEN_ROWS)));
    expect(first.counts).toEqual(all.counts);
    expect(first.shown).toBe(all.rows.length);
    expect(first.total).toBe(ROWS.length);
    expect(first.serverNowMs).toBe(NOW);
  });

  it.each(VIEWS)(
    "%s: the view's steps over the first rows keep them as they are (hydration matches)",
    (_, f) => {
      const first = firstScreen(data(), f, ME);
      const again = sortRows(
        filterByState(narrow(first.rows, f, ME), f.status, clock),
        f.sort,
        clock,
      );
      expect(ids(again)).toEqual(ids(first.rows));
    },
  );

  it("sends at most the first screen", () => {
    expect(firstScreen(data(), DEFAULT_FILTERS, ME).rows).toHaveLength(FIRST_SCREEN_ROWS);
    expect(firstScreen(data(), DEFAULT_FILTERS, ME, 5).rows).toHaveLength(5);
  });

  it("offers the services and countries of the whole set, not of the first screen", () => {
    const { options } = firstScreen(data(), DEFAULT_FILTERS, ME, 1);
    expect(options.services.map((o) => o.value).sort()).toEqual(["tg", "wa"]);
    expect(options.countries.map((o) => o.value).sort()).toEqual(["187", "73"]);
  });

  it("ignores a stale ?key= when the team has one key, as the view does", () => {
    const first = firstScreen(data([keyTiming("k1")]), { ...DEFAULT_FILTERS, key: "k2" }, ME);
    expect(first.shown).toBe(ROWS.length);
  });

  it("records the filters it was built for (the key as the view applies it)", () => {
    const f: TableFilters = { ...DEFAULT_FILTERS, q: "55", key: "k2", sort: "timeLeft" };
    expect(firstScreen(data(), f, ME).filters).toEqual(f);
    expect(firstScreen(data([keyTiming("k1")]), f, ME).filters).toEqual({ ...f, key: null });
  });

  it.each(VIEWS)("%s: holds for its own filters, for no other", (_, f) => {
    const first = firstScreen(data(), f, ME);
    expect(firstScreenHolds(first, { ...f })).toBe(true);
    const others: Partial<TableFilters>[] = [
      { q: `${f.q}9` },
      { key: f.key === "k1" ? "k2" : "k1" },
      { service: f.service === "wa" ? null : "wa" },
      { country: f.country === "73" ? null : "73" },
      { mine: !f.mine },
      { status: f.status === "all" ? "finished" : "all" },
      { sort: f.sort === "timeLeft" ? "purchased" : "timeLeft" },
    ];
    for (const other of others) expect(firstScreenHolds(first, { ...f, ...other })).toBe(false);
  });
});

describe("firstScreenSkewMs", () => {
  const SERVER_READ = NOW;
  it("is 0 when the clocks agree, however slow the page was to load and hydrate", () => {
    expect(firstScreenSkewMs(SERVER_READ, NOW - 300, NOW + 4000)).toBe(0);
  });

  it("follows a browser clock hours ahead or behind, off by at most the server's answer time", () => {
    const HOURS = 3 * 60 * 60_000;
    // Ahead: asked at (browser) NOW + 3 h - 200 ms, read on the server at NOW, hydrated later.
    const ahead = firstScreenSkewMs(SERVER_READ, NOW + HOURS - 200, NOW + HOURS + 2000);
    expect(ahead).toBeLessThanOrEqual(-HOURS + 200);
    expect(ahead).toBeGreaterThanOrEqual(-HOURS - 2000);
    expect(Math.abs(ahead + HOURS)).toBeLessThanOrEqual(200);
    const behind = firstScreenSkewMs(SERVER_READ, NOW - HOURS - 200, NOW - HOURS + 2000);
    expect(Math.abs(behind - HOURS)).toBeLessThanOrEqual(2000);
    expect(behind).toBeGreaterThan(HOURS - 2001);
  });
});
