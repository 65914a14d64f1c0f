import { describe, expect, it } from "vitest";
import { ProviderError } from "./errors";
import { MAX_OPERATORS, parseOperators } from "./parse-operators";

describe("parseOperators", () => {
  it.each([
    ["HeroSMS's shape, without its 'any'", '{"status":"success","countryOperators":{"0":["any","mts","beeline"]}}', ["mts", "beeline"]],
    ["an object keyed by code", '{"countryOperators":{"0":{"mts":"MTS","tele2":"Tele2"}}}', ["mts", "tele2"]],
    ["a one-element array around it", '[{"countryOperators":{"0":["megafon"]}}]', ["megafon"]],
    ["only 'any'", '{"status":"success","countryOperators":{"0":["any"]}}', []],
    ["another country only", '{"status":"success","countryOperators":{"6":["telkomsel"]}}', []],
    ["no countryOperators", '{"status":"success"}', []],
    ["entries that are no operator codes, and repeats", JSON.stringify({ countryOperators: { "0": ["mts", " mts ", "a b", 7, null, "x".repeat(33), "Tele2"] } }), ["mts", "Tele2"]],
  ])("reads %s", (_name, body, expected) => {
    expect(parseOperators(200, body, "0")).toEqual(expected);
  });

  it.each([
    ["BAD_ACTION", 200, "BAD_ACTION"],
    ["BAD_ACTION in the JSON error envelope", 200, '{"status":"error","error":"BAD_ACTION"}'],
    ["a token of its own", 200, "WRONG_ACTION"],
    ["a 404", 404, "<html>Not Found</html>"],
  ])("reads %s as a provider that lists no operators", (_name, status, body) => {
    expect(parseOperators(status, body, "0")).toEqual([]);
  });

  it.each([
    ["a rejected key", 200, "BAD_KEY", "BAD_KEY"],
    ["a ban", 200, "BANNED:2026-01-01 10:00:00", "BANNED"],
    ["garbage", 200, "<html>", "PROTOCOL_ERROR"],
    ["a server error with a token", 500, "OOPS", "HTTP_ERROR"],
    ["a server error page", 502, "<html>Bad Gateway</html>", "HTTP_ERROR"],
  ])("refuses %s: it says something about the key or the connection", (_name, status, body, code) => {
    expect(() => parseOperators(status, body, "0")).toThrow(expect.objectContaining({ name: ProviderError.name, code }));
  });

  it(`reads at most ${MAX_OPERATORS} operators`, () => {
    const list = Array.from({ length: 500 }, (_, i) => `op${i}`);
    expect(parseOperators(200, JSON.stringify({ countryOperators: { "0": list } }), "0")).toHaveLength(MAX_OPERATORS);
  });
});

describe("parseOperators on the bundled simulator's answer", () => {
  it("lists a country's operators, and none for a country without", async () => {
    const { createSimulatorEngine } = await import("@/lib/simulator/engine");
    const engine = createSimulatorEngine({ now: () => Date.UTC(2026, 0, 15), autoSms: false, seedAccounts: { k: 1 } });
    const read = (country: string) => {
      const { status, body } = engine.handle({ api_key: "k", action: "getOperators", country });
      return parseOperators(status, body, country);
    };
    expect(read("73")).toEqual(["vivo", "claro", "tim", "oi"]);
    expect(read("187")).toEqual(["tmobile", "verizon", "att"]);
    expect(read("12")).toEqual([]);
  });
});
