import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import type { ProviderErrorCode } from "./error-codes";
import { ProviderError } from "./errors";
import { FIELD_LIMITS, MAX_LIST_ROWS } from "./limits";
import {
  parseActiveActivations,
  parseGetBalance,
  parseGetNumber,
  parseGetStatus,
  tokenToError,
} from "./parse";

// A provider is a remote party: whatever it answers, parsing must take bounded time. Before,
// `ACCESS_BALANCE:` + 40,000 digits + a letter held the event loop for ~6 s (a backtracking
// regex), and 1,000,000 characters for about an hour.

const PARSE_BUDGET_MS = 50;

/** Best of three runs (the machine is shared), with whatever the parser threw. */
function timed(fn: () => unknown): { ms: number; error: unknown; value: unknown } {
  let best = Number.POSITIVE_INFINITY;
  let error: unknown;
  let value: unknown;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    try {
      value = fn();
      error = undefined;
    } catch (caught) {
      error = caught;
    }
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, error, value };
}

function expectRefused(fn: () => unknown, code: ProviderErrorCode): ProviderError {
  const { ms, error } = timed(fn);
  expect(error).toBeInstanceOf(ProviderError);
  expect((error as ProviderError).code).toBe(code);
  expect(ms).toBeLessThan(PARSE_BUDGET_MS);
  // Nothing of that size travels on in the message or the token.
  expect((error as ProviderError).message.length).toBeLessThan(400);
  return error as ProviderError;
}

const row = (fields: Record<string, unknown> = {}) => ({
  activationId: "635468024",
  serviceCode: "tg",
  phoneNumber: "5511999990000",
  activationCost: "1.5",
  activationStatus: "4",
  smsCode: null,
  smsText: null,
  countryCode: "73",
  ...fields,
});
const list = (...rows: unknown[]) => JSON.stringify({ status: "success", activeActivations: rows });

describe.each([40_000, 1_000_000])("answers of %i characters", (size) => {
  const digits = "9".repeat(size);

  it("ACCESS_BALANCE: digits and a letter", () => {
    expectRefused(() => parseGetBalance(200, `ACCESS_BALANCE:${digits}x`), "PROTOCOL_ERROR");
  });

  it("ACCESS_BALANCE: digits only", () => {
    expectRefused(() => parseGetBalance(200, `ACCESS_BALANCE:${digits}`), "PROTOCOL_ERROR");
  });

  it("ACCESS_BALANCE: a run of quotes", () => {
    expectRefused(() => parseGetBalance(200, `ACCESS_BALANCE:${"'".repeat(size)}x`), "PROTOCOL_ERROR");
  });

  it("ACCESS_BALANCE: a decimal comma and digits", () => {
    expectRefused(() => parseGetBalance(200, `ACCESS_BALANCE:1,${digits}x`), "PROTOCOL_ERROR");
  });

  it("WRONG_MAX_PRICE: digits and a letter, to getNumber and as a bare token", () => {
    const error = expectRefused(() => parseGetNumber(200, `WRONG_MAX_PRICE:${digits}x`), "WRONG_MAX_PRICE");
    expect(error.minPrice).toBeUndefined();
    const { ms, value } = timed(() => tokenToError(`WRONG_MAX_PRICE:${digits}x`));
    expect((value as ProviderError).code).toBe("WRONG_MAX_PRICE");
    expect(ms).toBeLessThan(PARSE_BUDGET_MS);
  });

  it("getActiveActivations: an activationCost of digits and a letter", () => {
    const error = expectRefused(
      () => parseActiveActivations(200, list(row({ activationCost: `${digits}x` }))),
      "PROTOCOL_ERROR",
    );
    expect(error.message).toContain("activationCost");
  });

  it("getActiveActivations: an activationCost as a JSON number of that many digits", () => {
    expectRefused(() => parseActiveActivations(200, list(row()).replace('"1.5"', digits)), "PROTOCOL_ERROR");
  });

  it.each([
    ["activationId", digits],
    ["activationId", `${digits}x`],
    ["phoneNumber", digits],
    ["serviceCode", "s".repeat(size)],
    ["countryCode", digits],
    ["countryName", "n".repeat(size)],
    ["activationStatus", digits],
    ["activationTime", digits],
    ["smsCode", digits],
    ["smsCode", Array.from({ length: Math.min(size / 2, 100_000) }, () => "1")],
  ])("getActiveActivations: a long %s", (field, value) => {
    const error = expectRefused(() => parseActiveActivations(200, list(row({ [field]: value }))), "PROTOCOL_ERROR");
    expect(error.message).toContain(field === "smsCode" ? "smsCode" : field);
  });

  it("getActiveActivations: a long SMS text is cut, not refused", () => {
    const { ms, value, error } = timed(() => parseActiveActivations(200, list(row({ smsText: "t".repeat(size) }))));
    expect(error).toBeUndefined();
    const [parsed] = value as { smsText: string }[];
    expect(parsed?.smsText).toHaveLength(FIELD_LIMITS.smsText);
    expect(ms).toBeLessThan(PARSE_BUDGET_MS);
  });

  it.each([
    ["a long id", `ACCESS_NUMBER:${digits}:5511999990000`],
    ["a long phone", `ACCESS_NUMBER:635468024:${digits}`],
    ["a long id with a letter", `ACCESS_NUMBER:${digits}x:5511999990000`],
  ])("ACCESS_NUMBER with %s", (_name, body) => {
    expectRefused(() => parseGetNumber(200, body), "PROTOCOL_ERROR");
  });

  it.each([
    ["activationId", digits],
    ["phoneNumber", digits],
    ["activationCost", `${digits}x`],
  ])("getNumberV2 with a long %s", (field, value) => {
    const body = JSON.stringify({ activationId: "1", phoneNumber: "5511", activationCost: "1", [field]: value });
    expectRefused(() => parseGetNumber(200, body), "PROTOCOL_ERROR");
  });

  it.each([`STATUS_OK:${digits}`, `STATUS_WAIT_RETRY:${digits}`, `STATUS_OK:'${"'".repeat(size)}`])(
    "getStatus with a long code (%#)",
    (body) => {
      expectRefused(() => parseGetStatus(200, body), "PROTOCOL_ERROR");
    },
  );

  it("BANNED with a long time keeps 80 characters", () => {
    const error = expectRefused(() => parseGetBalance(200, `BANNED:'${digits}'`), "BANNED");
    expect(error.bannedUntil?.length).toBeLessThanOrEqual(80);
  });

  it("an unknown token of that length", () => {
    const error = expectRefused(() => parseGetBalance(200, `SOMETHING:${digits}x`), "UNKNOWN_TOKEN");
    expect(error.token?.length).toBeLessThanOrEqual(80);
  });
});

describe("field bounds", () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ["20-digit id", { activationId: "1".repeat(FIELD_LIMITS.activationId) }, true],
    ["21-digit id", { activationId: "1".repeat(FIELD_LIMITS.activationId + 1) }, false],
    ["32-character phone", { phoneNumber: "1".repeat(FIELD_LIMITS.phone) }, true],
    ["33-character phone", { phoneNumber: "1".repeat(FIELD_LIMITS.phone + 1) }, false],
    ["64-character code", { smsCode: ["c".repeat(FIELD_LIMITS.code)] }, true],
    ["65-character code", { smsCode: ["c".repeat(FIELD_LIMITS.code + 1)] }, false],
    ["50 codes", { smsCode: Array.from({ length: FIELD_LIMITS.codes }, (_, i) => String(i)) }, true],
    ["51 codes", { smsCode: Array.from({ length: FIELD_LIMITS.codes + 1 }, (_, i) => String(i)) }, false],
    ["100-character country name", { countryName: "n".repeat(FIELD_LIMITS.name) }, true],
    ["101-character country name", { countryName: "n".repeat(FIELD_LIMITS.name + 1) }, false],
    ["32-character amount", { activationCost: `1.${"5".repeat(30)}` }, true],
    ["33-character amount", { activationCost: `1.${"5".repeat(31)}` }, false],
  ])("%s", (_name, fields, accepted) => {
    const run = () => parseActiveActivations(200, list(row(fields)));
    if (accepted) expect(run()).toHaveLength(1);
    else expect(run).toThrow(ProviderError);
  });

  it(`takes at most ${MAX_LIST_ROWS} rows from one list`, () => {
    const rows = Array.from({ length: MAX_LIST_ROWS + 5 }, (_, i) => row({ activationId: String(i + 1) }));
    const parsed = parseActiveActivations(200, list(...rows));
    expect(parsed).toHaveLength(MAX_LIST_ROWS);
    expect(parsed.at(-1)?.activationId).toBe(String(MAX_LIST_ROWS));
  });

  it("still reads decimals the way it did", () => {
    expect(parseGetBalance(200, "ACCESS_BALANCE:1,5")).toBe(1.5);
    expect(parseGetBalance(200, "ACCESS_BALANCE:-0.25")).toBe(-0.25);
    expect(parseGetBalance(200, "ACCESS_BALANCE:.5")).toBe(0.5);
    expect(parseGetBalance(200, "ACCESS_BALANCE:12.")).toBe(12);
    expect(parseGetBalance(200, "ACCESS_BALANCE:'100'")).toBe(100);
    for (const bad of ["1,", ",5", "-", ".", "1.2.3", "1,2,3", "1e5", "0x10", " 1", "+1"]) {
      expect(() => parseGetBalance(200, `ACCESS_BALANCE:${bad}x`), bad).toThrow(ProviderError);
      if (bad.trim() === bad) expect(() => parseGetBalance(200, `ACCESS_BALANCE:${bad}`), bad).toThrow(ProviderError);
    }
  });
});
