import { describe, expect, it } from "vitest";
import type { ActivationDto, ActivationsData, ActivationsPage } from "./dto";
import { applyNotModified, compareRows, mergePage, parseOffsets, RECENT_MS } from "./merge-delta";
import { activationRow, keyTiming } from "./test-fixtures";

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const K1 = "key-1";
const K2 = "key-2";

const key = keyTiming;

const row = (keyId: string, id: string, over: Partial<ActivationDto> = {}): ActivationDto =>
  activationRow({
    id,
    keyId,
    purchasedAtMs: NOW - Number(id) * 1000,
    expiresAtMs: NOW + 20 * 60_000,
    updatedAtMs: NOW - 5 * 60_000,
    ...over,
  });

function data(activations: ActivationDto[], keys = [key(K1), key(K2)]): ActivationsData {
  return { serverNowMs: NOW - 2000, keys, activations, cursor: "c0", etag: '"e0"' };
}

function page(activations: ActivationDto[], over: Partial<ActivationsPage> = {}): ActivationsPage {
  return {
    serverNowMs: NOW,
    keys: [key(K1), key(K2)],
    activations,
    cursor: "c1",
    full: false,
    ...over,
  };
}

const ids = (d: ActivationsData) => d.activations.map((a) => `${a.keyId}/${a.id}`);

// [what, previous rows, delta rows, expected rows (keyId/id, in order)]
const DELTAS: [string, ActivationDto[], ActivationDto[], string[]][] = [
  ["an empty delta keeps everything", [row(K1, "1"), row(K1, "2")], [], ["key-1/1", "key-1/2"]],
  [
    "a changed row is replaced in place",
    [row(K1, "1"), row(K1, "2")],
    [row(K1, "2", { state: "code_received", updatedAtMs: NOW - 1000 })],
    ["key-1/1", "key-1/2"],
  ],
  [
    "a new row is added in the server's order",
    [row(K1, "1"), row(K1, "3")],
    [row(K1, "2", { updatedAtMs: NOW })],
    ["key-1/1", "key-1/2", "key-1/3"],
  ],
  [
    "the same id under another key is another row",
    [row(K1, "1")],
    [row(K2, "1", { updatedAtMs: NOW })],
    ["key-2/1", "key-1/1"],
  ],
  [
    "a row that ended within the window stays",
    [row(K1, "1")],
    [row(K1, "1", { state: "finished", updatedAtMs: NOW - 1000 })],
    ["key-1/1"],
  ],
  [
    "an ended row older than the window is dropped without any delta naming it",
    [row(K1, "1"), row(K1, "2", { state: "cancelled", updatedAtMs: NOW - RECENT_MS - 1 })],
    [],
    ["key-1/1"],
  ],
  [
    "an active row stays however old its version",
    [row(K1, "1", { updatedAtMs: NOW - 2 * RECENT_MS })],
    [],
    ["key-1/1"],
  ],
  [
    "a row of a key that left the keys list is dropped",
    [row(K1, "1"), row("key-gone", "2")],
    [],
    ["key-1/1"],
  ],
  [
    "a re-sent row with an older version does not overwrite ours",
    [row(K1, "1", { state: "finished", updatedAtMs: NOW - 1000 })],
    [row(K1, "1", { state: "waiting", updatedAtMs: NOW - 2000 })],
    ["key-1/1"],
  ],
];

describe("mergePage: a delta", () => {
  it.each(DELTAS)("%s", (_what, before, delta, expected) => {
    const merged = mergePage(data(before), page(delta), '"e1"');
    expect(ids(merged)).toEqual(expected);
    expect(merged.cursor).toBe("c1");
    expect(merged.etag).toBe('"e1"');
    expect(merged.serverNowMs).toBe(NOW);
  });

  it("takes the delta's version of a changed row", () => {
    const merged = mergePage(
      data([row(K1, "1")]),
      page([row(K1, "1", { state: "code_received", updatedAtMs: NOW })]),
      null,
    );
    expect(merged.activations[0]?.state).toBe("code_received");
  });

  it("keeps ours when a re-sent row has an older version", () => {
    const ours = row(K1, "1", { state: "finished", updatedAtMs: NOW - 1000 });
    const merged = mergePage(data([ours]), page([row(K1, "1", { updatedAtMs: NOW - 2000 })]), null);
    expect(merged.activations[0]).toBe(ours);
  });

  it("keeps the same array and row objects when the delta only re-sends rows we have", () => {
    const before = data([row(K1, "1"), row(K1, "2")]);
    const merged = mergePage(before, page([row(K1, "2"), row(K1, "1")]), '"e1"');
    expect(merged.activations).toBe(before.activations);
    expect(merged.keys).toBe(before.keys);
  });

  it("keeps unchanged row objects when one row changes", () => {
    const before = data([row(K1, "1"), row(K1, "2")]);
    const merged = mergePage(before, page([row(K1, "1", { updatedAtMs: NOW })]), null);
    expect(merged.activations).not.toBe(before.activations);
    expect(merged.activations[1]).toBe(before.activations[1]);
  });

  it("takes a new keys part (a banner, a rename) and drops nothing that is still listed", () => {
    const before = data([row(K1, "1")]);
    const merged = mergePage(
      before,
      page([], { keys: [key(K1, { blocked: "banned" }), key(K2)] }),
      null,
    );
    expect(merged.keys[0]?.blocked).toBe("banned");
    expect(merged.activations).toBe(before.activations);
  });
});

describe("mergePage: deltas one after another (rows replaced in place)", () => {
  const listOf = (n: number) => Array.from({ length: n }, (_, i) => row(K1, String(i + 1)));

  it("replaces each changed row where it was, poll after poll, and keeps every other object", () => {
    let copy = data(listOf(50));
    const first = copy.activations;
    for (const [n, id] of [
      [1, "7"],
      [2, "31"],
      [3, "7"],
      [4, "50"],
    ] as const) {
      copy = mergePage(
        copy,
        page([row(K1, id, { state: "code_received", updatedAtMs: NOW + n })]),
        null,
      );
      expect(copy.activations.find((a) => a.id === id)?.updatedAtMs).toBe(NOW + n);
    }
    expect(ids(copy)).toEqual(first.map((a) => `${a.keyId}/${a.id}`));
    const changed = new Set(["7", "31", "50"]);
    copy.activations.forEach((a, i) => {
      if (!changed.has(a.id)) expect(a).toBe(first[i]);
    });
  });

  it("after rows were replaced in place, a new row still lands in the server's order", () => {
    let copy = data([row(K1, "1"), row(K1, "3")]);
    copy = mergePage(copy, page([row(K1, "3", { updatedAtMs: NOW })]), null);
    copy = mergePage(copy, page([row(K1, "2", { updatedAtMs: NOW + 1 })]), null);
    expect(ids(copy)).toEqual(["key-1/1", "key-1/2", "key-1/3"]);
    copy = mergePage(copy, page([row(K1, "3", { state: "finished", updatedAtMs: NOW + 2 })]), null);
    expect(copy.activations[2]?.state).toBe("finished");
  });

  it("re-sorts when a changed row's purchase time moved", () => {
    const copy = mergePage(
      data([row(K1, "1"), row(K1, "2"), row(K1, "3")]),
      page([row(K1, "3", { purchasedAtMs: NOW, updatedAtMs: NOW })]),
      null,
    );
    expect(ids(copy)).toEqual(["key-1/3", "key-1/1", "key-1/2"]);
  });

  it("drops a row that aged out even when the delta only changed another", () => {
    const copy = mergePage(
      data([row(K1, "1"), row(K1, "2", { state: "cancelled", updatedAtMs: NOW - RECENT_MS - 1 })]),
      page([row(K1, "1", { state: "code_received", updatedAtMs: NOW })]),
      null,
    );
    expect(ids(copy)).toEqual(["key-1/1"]);
    expect(copy.activations[0]?.state).toBe("code_received");
  });

  it("ignores a re-sent row that is neither ours nor in the table set", () => {
    const before = data([row(K1, "1")]);
    const merged = mergePage(
      before,
      page([row(K1, "9", { state: "cancelled", updatedAtMs: NOW - RECENT_MS - 1 })]),
      null,
    );
    expect(merged.activations).toBe(before.activations);
  });
});

describe("mergePage: a full read", () => {
  it("replaces the list (another team's rows go)", () => {
    const merged = mergePage(
      data([row(K1, "1"), row(K1, "2")]),
      page([row("key-b", "9")], { full: true, keys: [key("key-b")] }),
      null,
    );
    expect(ids(merged)).toEqual(["key-b/9"]);
  });

  it("keeps our objects, and the array, where versions did not move", () => {
    const before = data([row(K1, "1"), row(K1, "2")]);
    const merged = mergePage(before, page([row(K1, "1"), row(K1, "2")], { full: true }), null);
    expect(merged.activations).toBe(before.activations);
  });

  it("starts from nothing without a previous copy", () => {
    const merged = mergePage(undefined, page([row(K1, "2"), row(K1, "1")], { full: true }), '"e1"');
    expect(ids(merged)).toEqual(["key-1/2", "key-1/1"]);
    expect(merged.etag).toBe('"e1"');
  });
});

describe("applyNotModified: a 304", () => {
  it("moves the server's clock and keeps rows and keys as they are", () => {
    const before = data([row(K1, "1")]);
    const after = applyNotModified(before, NOW, { [K1]: 0, [K2]: 0 });
    expect(after.serverNowMs).toBe(NOW);
    expect(after.activations).toBe(before.activations);
    expect(after.keys).toBe(before.keys);
    expect(after.cursor).toBe(before.cursor);
    expect(after.etag).toBe(before.etag);
  });

  it("takes a key's new provider clock offset from the header", () => {
    const after = applyNotModified(data([]), NOW, { [K1]: -3000 });
    expect(after.keys.map((k) => k.clockOffsetMs)).toEqual([-3000, 0]);
  });

  it("drops ended rows that aged out of the window meanwhile", () => {
    const before = data([
      row(K1, "1", { state: "expired", updatedAtMs: NOW - RECENT_MS - 1 }),
      row(K1, "2"),
    ]);
    expect(ids(applyNotModified(before, NOW, {}))).toEqual(["key-1/2"]);
  });
});

describe("compareRows", () => {
  it("orders newest purchase first, then id, then key, descending", () => {
    const rows = [
      row(K1, "1", { purchasedAtMs: 5 }),
      row(K2, "1", { purchasedAtMs: 5 }),
      row(K1, "2", { purchasedAtMs: 5 }),
      row(K1, "3", { purchasedAtMs: 9 }),
    ];
    expect(rows.sort(compareRows).map((a) => `${a.keyId}/${a.id}`)).toEqual([
      "key-1/3",
      "key-1/2",
      "key-2/1",
      "key-1/1",
    ]);
  });
});

describe("parseOffsets", () => {
  it.each([
    [null, {}],
    ["", {}],
    ["not json", {}],
    ["[1,2]", {}],
    ['{"a":-1200,"b":"x","c":null}', { a: -1200 }],
  ])("%s -> %o", (header, expected) => {
    expect(parseOffsets(header)).toEqual(expected);
  });
});
