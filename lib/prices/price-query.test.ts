import { describe, expect, it } from "vitest";
import { parseOperatorQuery, parsePriceQuery } from "./price-query";

const KEY = "0b7c6a52-43f4-4c55-9d6b-0c2f1f3b9a10";
const parse = (query: string) => parsePriceQuery(new URLSearchParams(query));

describe("price query", () => {
  it("accepts a key and a service code", () => {
    expect(parse(`keyId=${KEY}&service=tg`)).toEqual({ ok: true, query: { keyId: KEY, service: "tg" } });
  });

  it.each([
    ["no parameters", ""],
    ["no service", `keyId=${KEY}`],
    ["no key", "service=tg"],
    ["key not a uuid", "keyId=1&service=tg"],
    ["service with a space", `keyId=${KEY}&service=t g`],
    ["service too long", `keyId=${KEY}&service=${"a".repeat(17)}`],
    ["SQL-ish service", `keyId=${KEY}&service=${encodeURIComponent("tg' OR 1=1")}`],
    ["service twice", `keyId=${KEY}&service=tg&service=wa`],
    ["an unknown parameter", `keyId=${KEY}&service=tg&country=73`],
  ])("refuses %s", (_name, query) => {
    expect(parse(query).ok).toBe(false);
  });
});

describe("operator query", () => {
  const parseOperators = (query: string) => parseOperatorQuery(new URLSearchParams(query));

  it("accepts a key and a country number", () => {
    expect(parseOperators(`keyId=${KEY}&country=73`)).toEqual({ ok: true, query: { keyId: KEY, country: "73" } });
  });

  it.each([
    ["no country", `keyId=${KEY}`],
    ["no key", "country=73"],
    ["a country with letters", `keyId=${KEY}&country=73a`],
    ["a 5-digit country", `keyId=${KEY}&country=12345`],
    ["Arabic-Indic digits", `keyId=${KEY}&country=${encodeURIComponent("٧٣")}`],
    ["country twice", `keyId=${KEY}&country=73&country=0`],
    ["an unknown parameter", `keyId=${KEY}&country=73&service=tg`],
  ])("refuses %s", (_name, query) => {
    expect(parseOperators(query).ok).toBe(false);
  });
});
