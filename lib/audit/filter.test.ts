import { describe, expect, it } from "vitest";
import { auditFilterSearch, parseAuditFilter, parseAuditPage } from "./filter";

// The filter comes straight from a URL anyone can type: valid values become a typed filter,
// anything else names the field that was wrong, and nothing throws.

const DAY = 24 * 60 * 60_000;
const JAN_10 = Date.UTC(2025, 0, 10);

describe("parseAuditFilter accepts", () => {
  it.each([
    ["", {}],
    ["user=&action=&activation=&from=&to=", {}],
    ["user=sync", { actor: "sync" }],
    ["user=Xy7_kQ-abc123", { actor: "Xy7_kQ-abc123" }],
    ["action=setStatus", { action: "setStatus" }],
    ["action=auth.sign_in_failed", { action: "auth.sign_in_failed" }],
    ["activation=12345678901234567890", { activationId: "12345678901234567890" }],
    ["activation=%20123%20", { activationId: "123" }],
    ["from=2025-01-10", { from: JAN_10 }],
    ["to=2025-01-10", { to: JAN_10 + DAY }],
    ["from=2025-01-10&to=2025-01-10", { from: JAN_10, to: JAN_10 + DAY }],
    ["from=2024-02-29", { from: Date.UTC(2024, 1, 29) }],
    ["user=sync&page=3&unknown=ignored", { actor: "sync" }],
    ["activation=1&activation=abc", { activationId: "1" }],
  ])("%j", (query, filter) => {
    const parsed = parseAuditFilter(new URLSearchParams(query));
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(
        Object.fromEntries(Object.entries(parsed.filter).filter(([, v]) => v !== undefined)),
      ).toEqual(filter);
  });
});

describe("parseAuditFilter refuses", () => {
  it.each([
    ["user=a b", ["user"]],
    ["user=alice@example.com", ["user"]],
    [`user=${"a".repeat(65)}`, ["user"]],
    ["action=DROP TABLE", ["action"]],
    ["action=key-create", ["action"]],
    ["action=key.create1", ["action"]],
    [`action=${"a".repeat(41)}`, ["action"]],
    ["activation=abc", ["activation"]],
    ["activation=-1", ["activation"]],
    ["activation=1.5", ["activation"]],
    [`activation=${"1".repeat(21)}`, ["activation"]],
    ["from=2025-02-30", ["from"]],
    ["from=2025-1-10", ["from"]],
    ["from=10/01/2025", ["from"]],
    ["to=2025-01-10T00:00:00Z", ["to"]],
    ["to=yesterday", ["to"]],
    ["from=2025-01-11&to=2025-01-10", ["range"]],
    ["from=2025-13-01&to=2025-01-10", ["from"]],
    ["user=%00&activation=x&from=bad", ["user", "activation", "from"]],
  ])("%j", (query, fields) => {
    const parsed = parseAuditFilter(new URLSearchParams(query));
    expect(parsed).toMatchObject({ ok: false });
    if (!parsed.ok) expect(parsed.fields.sort()).toEqual([...fields].sort());
  });

  it("keeps the values as typed, to show them again in the form", () => {
    expect(parseAuditFilter(new URLSearchParams("activation=abc&from=2025-01-01"))).toMatchObject({
      values: { activation: "abc", from: "2025-01-01" },
    });
  });
});

describe("parseAuditPage", () => {
  it.each([
    ["", { ok: true, page: 1 }],
    ["page=1", { ok: true, page: 1 }],
    ["page=42", { ok: true, page: 42 }],
    ["page=100000", { ok: true, page: 100_000 }],
    ["page=0", { ok: false }],
    ["page=100001", { ok: false }],
    ["page=-1", { ok: false }],
    ["page=2.5", { ok: false }],
    ["page=abc", { ok: false }],
  ])("%j", (query, expected) => {
    expect(parseAuditPage(new URLSearchParams(query))).toEqual(expected);
  });
});

describe("auditFilterSearch", () => {
  it("keeps the filter params, drops the empty ones, adds extras", () => {
    expect(auditFilterSearch({ user: "sync", activation: "12" }, { page: "2" })).toBe(
      "?user=sync&activation=12&page=2",
    );
    expect(auditFilterSearch({})).toBe("");
  });
});
