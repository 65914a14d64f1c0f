import { describe, expect, it } from "vitest";
import { formatCursor, parseCursor, parseHistoryQuery, historySearch } from "./history-filter";

const parse = (query: string) => parseHistoryQuery(new URLSearchParams(query));

describe("parseHistoryQuery", () => {
  it("reads the live table's names, trims, and takes an empty field as absent", () => {
    const parsed = parse(
      "q=%2B55%20&key=abc-1&service=tg&country=73&status=expired&mine=1&utm=x&status=finished",
    );
    expect(parsed).toEqual({
      ok: true,
      filter: {
        q: "+55",
        keyId: "abc-1",
        service: "tg",
        country: "73",
        state: "expired",
        mine: true,
      },
      position: { kind: "start" },
      values: {
        q: "+55",
        key: "abc-1",
        service: "tg",
        country: "73",
        status: "expired",
        mine: "1",
      },
    });
    expect(parse("q=&key=&status=")).toMatchObject({ ok: true, filter: {}, values: {} });
    expect(parse("mine=true")).toMatchObject({ ok: true, filter: { mine: true } });
  });

  it("reads a page position", () => {
    expect(parse("after=1767000000000.key-1.123")).toMatchObject({
      ok: true,
      position: {
        kind: "after",
        cursor: { purchasedAt: 1767000000000, keyId: "key-1", id: "123" },
      },
    });
    expect(parse("before=5.k.9")).toMatchObject({ ok: true, position: { kind: "before" } });
    expect(parse("last=1")).toMatchObject({ ok: true, position: { kind: "last" } });
  });

  it.each([
    [`q=${"x".repeat(101)}`, ["q"]],
    ["q=a%00b", ["q"]],
    ["q=line%0Abreak", ["q"]],
    [`key=${encodeURIComponent("' OR 1=1 --")}`, ["key"]],
    [`service=${encodeURIComponent("tg%")}`, ["service"]],
    [`country=${"1".repeat(33)}`, ["country"]],
    ["status=waiting", ["status"]],
    ["status=FINISHED", ["status"]],
    ["mine=yes", ["mine"]],
    ["after=abc", ["page"]],
    ["after=1.k", ["page"]],
    [`after=${"9".repeat(16)}.k.1`, ["page"]],
    ["after=1.k.1&before=1.k.1", ["page"]],
    ["last=2", ["page"]],
    ["status=open&after=x", ["status", "page"]],
  ])("refuses %s", (query, fields) => {
    expect(parse(query)).toMatchObject({ ok: false, fields });
  });
});

describe("cursors and links", () => {
  it("a cursor survives its round trip", () => {
    const cursor = {
      purchasedAt: 1767000000000,
      keyId: "0f5b7a1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
      id: "987654321",
    };
    expect(parseCursor(formatCursor(cursor))).toEqual(cursor);
  });

  it("links keep the filters in the form's order, plus the position", () => {
    expect(historySearch({ status: "expired", q: "a b" }, { after: "1.k.2" })).toBe(
      "?q=a+b&status=expired&after=1.k.2",
    );
    expect(historySearch({})).toBe("");
  });
});
