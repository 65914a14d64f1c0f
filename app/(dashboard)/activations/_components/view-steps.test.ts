import { describe, expect, it } from "vitest";
import type { ActivationDto } from "@/lib/activations/dto";
import { activationRow, FIXTURE_NOW } from "@/lib/activations/test-fixtures";
import { DEFAULT_FILTERS, type FilterClock } from "./table-filters";
import { itemKeysOf, positionsOf } from "./table-state";
import { computeView, replacedRows, updateChoices, updateView, type ViewInput } from "./view-steps";

const NOW = FIXTURE_NOW;
const MIN = 60_000;
const clock: FilterClock = { serverNowMs: NOW, offsets: new Map() };

const row = (i: number): ActivationDto =>
  activationRow({
    id: String(500 + i),
    phone: `5511${String(i).padStart(9, "0")}`,
    service: i % 3 === 0 ? "wa" : "tg",
    state: i % 4 === 0 ? "code_received" : "waiting",
    purchasedAtMs: NOW - (i % 9) * MIN,
    expiresAtMs: NOW + ((i * 7) % 19) * MIN + MIN,
  });

const ROWS = Array.from({ length: 120 }, (_, i) => row(i));
const input = (rows: readonly ActivationDto[], over: Partial<ViewInput> = {}): ViewInput => ({
  rows,
  narrow: { q: "", key: null, service: null, country: null, mine: false },
  status: DEFAULT_FILTERS.status,
  sort: DEFAULT_FILTERS.sort,
  me: null,
  clock,
  ...over,
});
const ids = (rows: readonly ActivationDto[]) => rows.map((a) => a.id);
const replace = (rows: readonly ActivationDto[], i: number, over: Partial<ActivationDto>) =>
  rows.map((a, j) => (j === i ? { ...a, ...over, updatedAtMs: NOW + 1 } : a));

// [what, view settings, the row replaced (index), its change]
const CHANGES: [string, Partial<ViewInput>, number, Partial<ActivationDto>][] = [
  ["a code arrives, all rows newest first", {}, 5, { state: "code_received" }],
  [
    "a code arrives, active rows by time left",
    { status: "active", sort: "timeLeft" },
    7,
    { state: "code_received" },
  ],
  [
    "a row ends under 'active' (it leaves the list)",
    { status: "active" },
    9,
    { state: "finished" },
  ],
  [
    "a row ends by time left (it moves to the end)",
    { sort: "timeLeft" },
    10,
    { state: "cancelled" },
  ],
  ["a row ends under 'waiting'", { status: "waiting" }, 1, { state: "finished" }],
  [
    "a code arrives under a search that matches it",
    { narrow: { q: "551100000001", key: null, service: null, country: null, mine: false } },
    11,
    { codes: [{ code: "1", text: null, at: NOW }] },
  ],
  [
    "the searched code arrives (the row enters)",
    { narrow: { q: "424242", key: null, service: null, country: null, mine: false } },
    12,
    { codes: [{ code: "424242", text: null, at: NOW }] },
  ],
  [
    "a row moves out of the service filter",
    { narrow: { q: "", key: null, service: "tg", country: null, mine: false } },
    13,
    { service: "wa" },
  ],
  [
    "a row outside the filter changes",
    { narrow: { q: "", key: null, service: "wa", country: null, mine: false } },
    14,
    { state: "code_received" },
  ],
];

describe("updateView", () => {
  it.each(CHANGES)("%s: the same as computing afresh", (_what, settings, index, change) => {
    const before = updateView(null, input(ROWS, settings));
    const rows = replace(ROWS, index, change);
    const updated = updateView(before, input(rows, settings));
    const fresh = computeView(input(rows, settings));
    expect(ids(updated.visible)).toEqual(ids(fresh.visible));
    expect(updated.counts).toEqual(fresh.counts);
    expect(updated.visible.every((a, i) => a === fresh.visible[i])).toBe(true);
  });

  it("replaces a changed row where it was, without sorting, and keeps the list's lookups", () => {
    const before = updateView(null, input(ROWS));
    const keyOf = itemKeysOf(before.visible);
    const at = positionsOf(before.visible);
    const rows = replace(ROWS, 5, { state: "code_received" });
    const after = updateView(before, input(rows));
    expect(after.visible).not.toBe(before.visible);
    expect(after.visible.filter((a, i) => a !== before.visible[i])).toEqual([rows[5]]);
    // The virtualizer keeps its getItemKey (no re-measuring), the table its positions.
    expect(itemKeysOf(after.visible)).toBe(keyOf);
    expect(positionsOf(after.visible)).toBe(at);
  });

  it("gives back the same result when nothing changed, and afresh for other settings", () => {
    const before = updateView(null, input(ROWS));
    expect(updateView(before, input(ROWS))).toBe(before);
    expect(updateView(before, input([...ROWS]))).not.toBe(before);
    const active = updateView(before, input(ROWS, { status: "active" }));
    expect(active.narrowed).toBe(before.narrowed);
    expect(ids(active.visible)).toEqual(
      ids(computeView(input(ROWS, { status: "active" })).visible),
    );
  });
});

describe("replacedRows", () => {
  it("pairs rows replaced in place, and refuses other lists", () => {
    const rows = replace(ROWS, 3, { state: "finished" });
    expect([...(replacedRows(ROWS, rows) ?? [])]).toEqual([[ROWS[3], rows[3]]]);
    expect(replacedRows(ROWS, ROWS.slice(1))).toBeNull();
    expect(replacedRows(ROWS, [...ROWS].reverse())).toBeNull();
  });
});

describe("updateChoices", () => {
  const none = { service: null, country: null };

  it("keeps the choices while replaced rows name the same service and country", () => {
    const before = updateChoices(null, ROWS, none);
    const same = updateChoices(before, replace(ROWS, 2, { state: "finished" }), none);
    expect(same.options).toBe(before.options);
    const other = updateChoices(before, replace(ROWS, 2, { service: "vk" }), none);
    expect(other.options.services.map((o) => o.value)).toContain("vk");
  });
});
