import { describe, expect, it } from "vitest";
import type { ActivationDto } from "@/lib/activations/dto";
import { activationRow } from "@/lib/activations/test-fixtures";
import {
  allState,
  itemKeysOf,
  moveFocus,
  orderOf,
  perList,
  positionsOf,
  pruneSelection,
  rowKey,
  sameActivation,
  selectRange,
  toggleAll,
  toggleOne,
} from "./table-state";

const ORDER = ["k:1", "k:2", "k:3", "k:4", "k:5"];
const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe("selection", () => {
  it("names a row by key and id, since ids are unique per key only", () => {
    expect(rowKey({ keyId: "a", id: "7" })).not.toBe(rowKey({ keyId: "b", id: "7" }));
  });

  it("toggles one row and keeps the same set when nothing changes", () => {
    const one = toggleOne(new Set(), "k:2", true);
    expect(sorted(one)).toEqual(["k:2"]);
    expect(toggleOne(one, "k:2", true)).toBe(one);
    expect(sorted(toggleOne(one, "k:2", false))).toEqual([]);
  });

  it.each([
    { name: "downwards", anchor: "k:2", target: "k:4", want: ["k:2", "k:3", "k:4"] },
    { name: "upwards", anchor: "k:4", target: "k:2", want: ["k:2", "k:3", "k:4"] },
    { name: "onto the anchor itself", anchor: "k:3", target: "k:3", want: ["k:3"] },
    { name: "without an anchor: the target only", anchor: null, target: "k:5", want: ["k:5"] },
    {
      name: "with an anchor that left the table: the target only",
      anchor: "k:9",
      target: "k:1",
      want: ["k:1"],
    },
  ])("shift-click selects the range $name", ({ anchor, target, want }) => {
    expect(sorted(selectRange(ORDER, new Set(), anchor, target, true))).toEqual(want);
  });

  it("shift-click on a checked row clears the range and leaves the rest", () => {
    const all = new Set(ORDER);
    expect(sorted(selectRange(ORDER, all, "k:2", "k:4", false))).toEqual(["k:1", "k:5"]);
  });

  it("the header checkbox selects everything passed in, then nothing", () => {
    expect(allState(ORDER, new Set())).toBe("none");
    expect(allState(ORDER, new Set(["k:1"]))).toBe("some");
    const all = toggleAll(ORDER, new Set(["k:1"]));
    expect(sorted(all)).toEqual(ORDER);
    expect(allState(ORDER, all)).toBe("all");
    expect(sorted(toggleAll(ORDER, all))).toEqual([]);
  });

  it("keys outside the current rows do not count as selected rows", () => {
    expect(allState(ORDER, new Set(["other:1"]))).toBe("none");
  });

  it("rows that left the table leave the selection; an unchanged selection keeps its identity", () => {
    const selected = new Set(["k:1", "k:3"]);
    expect(pruneSelection(selected, new Set(ORDER))).toBe(selected);
    expect(sorted(pruneSelection(selected, new Set(["k:1", "k:2"])))).toEqual(["k:1"]);
  });
});

describe("row focus", () => {
  it.each([
    { name: "j from nothing starts at the first row", current: null, delta: 1, want: "k:1" },
    { name: "k from nothing starts at the first row", current: null, delta: -1, want: "k:1" },
    { name: "j moves down", current: "k:2", delta: 1, want: "k:3" },
    { name: "k moves up", current: "k:2", delta: -1, want: "k:1" },
    { name: "j stops at the last row", current: "k:5", delta: 1, want: "k:5" },
    { name: "k stops at the first row", current: "k:1", delta: -1, want: "k:1" },
    {
      name: "a row that left the table restarts at the first",
      current: "x:1",
      delta: 1,
      want: "k:1",
    },
  ] as const)("$name", ({ current, delta, want }) => {
    expect(moveFocus(ORDER, current, delta)).toBe(want);
  });

  it("an empty table has no focus", () => {
    expect(moveFocus([], "k:1", 1)).toBeNull();
  });
});

describe("sameActivation", () => {
  const base: ActivationDto = activationRow({
    id: "1",
    keyId: "k",
    phone: "79990001122",
    cost: 0.2,
    state: "code_received",
    codes: [{ code: "123456", text: null, at: 1 }],
    purchasedAtMs: 1,
    expiresAtMs: 2,
    updatedAtMs: 1,
  });

  it("a fresh copy of an unchanged row is the same row (no re-render)", () => {
    expect(sameActivation(base, structuredClone(base))).toBe(true);
  });

  it.each([
    { name: "state", change: { state: "finished" as const } },
    { name: "pending action", change: { pendingAction: "finish" as const } },
    { name: "version", change: { updatedAtMs: 2 } },
    {
      name: "a new code",
      change: { codes: [...base.codes, { code: "654321", text: null, at: 2 }] },
    },
    { name: "a code's text", change: { codes: [{ code: "123456", text: "Your code", at: 1 }] } },
  ])("a changed $name is a different row", ({ change }) => {
    expect(sameActivation(base, { ...base, ...change })).toBe(false);
  });
});

describe("lookups per list", () => {
  const rows = [
    { keyId: "k", id: "1" },
    { keyId: "k", id: "2" },
    { keyId: "j", id: "1" },
  ] as ActivationDto[];

  it("builds once per list object, when first asked, and again for another list", () => {
    let built = 0;
    const lengthOf = perList((list: readonly number[]) => {
      built++;
      return list.length;
    });
    const list = [1, 2, 3];
    expect(built).toBe(0);
    expect(lengthOf(list)).toBe(3);
    expect(lengthOf(list)).toBe(3);
    expect(built).toBe(1);
    expect(lengthOf([...list, 4])).toBe(4);
    expect(built).toBe(2);
  });

  it("gives positions, order and the virtualizer's item keys by row key", () => {
    expect([...positionsOf(rows)]).toEqual([
      ["k:1", 0],
      ["k:2", 1],
      ["j:1", 2],
    ]);
    expect(orderOf(rows)).toEqual(["k:1", "k:2", "j:1"]);
    const keyOf = itemKeysOf(rows);
    expect([0, 1, 2, 3].map(keyOf)).toEqual(["k:1", "k:2", "j:1", 3]);
  });

  it("hands the virtualizer the same getItemKey while the list is the same (no re-measuring)", () => {
    expect(itemKeysOf(rows)).toBe(itemKeysOf(rows));
    expect(itemKeysOf([...rows])).not.toBe(itemKeysOf(rows));
  });
});
