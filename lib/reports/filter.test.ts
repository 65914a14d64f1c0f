import { describe, expect, it } from "vitest";
import { DAY_MS, parseReportQuery, reportSearch } from "./filter";

const NOW = Date.UTC(2026, 0, 10, 15, 30);
const parse = (query: string) => parseReportQuery(new URLSearchParams(query), NOW);

describe("parseReportQuery", () => {
  it("defaults to the last 30 days, today included, grouped by service", () => {
    const parsed = parse("");
    expect(parsed).toMatchObject({
      ok: true,
      query: { fromMs: Date.UTC(2025, 11, 12), toMs: Date.UTC(2026, 0, 11), by: ["service"] },
    });
  });

  it("reads whole UTC days, inclusive, and the dimensions in the form's order", () => {
    const parsed = parse("from=2026-01-01&to=2026-01-01&by=key&by=service,member&key=k-1");
    expect(parsed).toMatchObject({
      ok: true,
      query: { fromMs: Date.UTC(2026, 0, 1), toMs: Date.UTC(2026, 0, 2), by: ["service", "member", "key"], keyId: "k-1" },
    });
  });

  it.each([
    ["from=2026-02-30", ["from"]],
    ["to=yesterday", ["to"]],
    ["from=2026-01-05&to=2026-01-04", ["range"]],
    ["from=2024-01-01&to=2026-01-01", ["range"]],
    ["by=phone", ["by"]],
    ["by=service&by=service", ["by"]],
    ["key=../../etc", ["key"]],
    [`key=${"k".repeat(65)}`, ["key"]],
    ["from=2026-13-01&by=x", ["from", "by"]],
  ])("refuses %s, naming %j", (query, fields) => {
    const parsed = parse(query);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.fields.sort()).toEqual([...fields].sort());
  });

  it("takes a whole year (366 days) but not more", () => {
    expect(parse("from=2024-01-01&to=2024-12-31").ok).toBe(true);
    expect(parse("from=2024-01-01&to=2025-01-01").ok).toBe(true);
    expect(parse("from=2024-01-01&to=2025-01-02").ok).toBe(false);
  });

  it("keeps the raw values for the form, valid or not", () => {
    const parsed = parse("from=%202026-01-01%20&to=&by=nope");
    expect(parsed.values).toEqual({ from: "2026-01-01", to: undefined, by: ["nope"], key: undefined });
  });
});

describe("reportSearch", () => {
  it("spells out the dates so a link exports exactly what is shown", () => {
    const parsed = parse("by=member&by=key&key=abc");
    if (!parsed.ok) throw new Error("should parse");
    expect(reportSearch(parsed.query)).toBe("?from=2025-12-12&to=2026-01-10&by=member&by=key&key=abc");
    const again = parse(reportSearch(parsed.query).slice(1));
    expect(again.ok && again.query).toEqual(parsed.query);
    expect(parsed.query.toMs - parsed.query.fromMs).toBe(30 * DAY_MS);
  });
});
