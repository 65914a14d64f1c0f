import { describe, expect, it } from "vitest";
import { ProviderError } from "./errors";
import { MAX_PRICE_OFFERS, parsePrices } from "./parse-prices";

describe("parsePrices", () => {
  it.each([
    [
      "the reference shape",
      '{"0":{"tg":{"cost":0.4,"count":1234}},"6":{"tg":{"cost":"0.25","count":"0"}}}',
      [
        { country: "0", service: "tg", cost: 0.4, count: 1234 },
        { country: "6", service: "tg", cost: 0.25, count: 0 },
      ],
    ],
    [
      "wrapped in a one-element array, with physicalCount",
      '[{"2":{"wa":{"cost":1.5,"count":10,"physicalCount":3}}}]',
      [{ country: "2", service: "wa", cost: 1.5, count: 10 }],
    ],
    ["a decimal comma", '{"2":{"wa":{"cost":"1,5","count":2}}}', [{ country: "2", service: "wa", cost: 1.5, count: 2 }]],
    ["an empty list", "{}", []],
  ])("reads %s", (_name, body, expected) => {
    expect(parsePrices(200, body)).toEqual(expected);
  });

  it("leaves out the entries it cannot read and keeps the others", () => {
    const body = JSON.stringify({
      "0": { tg: { cost: null, count: 5 }, wa: { cost: 0.3, count: 7 }, vk: { cost: -1, count: 1 } },
      "bad country!": { tg: { cost: 0.1, count: 1 } },
      "1": { tg: { cost: 0.2 }, "x y": { cost: 0.1, count: 1 }, ok: "not an offer" },
      "2": "not a map",
    });
    expect(parsePrices(200, body)).toEqual([{ country: "0", service: "wa", cost: 0.3, count: 7 }]);
  });

  it.each([
    ["an error token", "BAD_KEY", "BAD_KEY"],
    ["an unknown token", "WHATEVER", "UNKNOWN_TOKEN"],
    ["a list that is not an object", "[1,2]", "PROTOCOL_ERROR"],
    ["garbage", "<html>", "PROTOCOL_ERROR"],
  ])("refuses %s", (_name, body, code) => {
    expect(() => parsePrices(200, body)).toThrow(ProviderError);
    try {
      parsePrices(200, body);
    } catch (error) {
      expect((error as ProviderError).code).toBe(code);
    }
  });

  it(`reads at most ${MAX_PRICE_OFFERS} offers from one answer`, () => {
    const services = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`s${i}`, { cost: 1, count: 1 }]));
    const countries = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [String(i), services]));
    expect(parsePrices(200, JSON.stringify(countries))).toHaveLength(MAX_PRICE_OFFERS);
  });
});

describe("parsePrices on the bundled simulator's answer", () => {
  it("lists every country of the service, the sold-out one at 0", async () => {
    const { createSimulatorEngine } = await import("@/lib/simulator/engine");
    const engine = createSimulatorEngine({ now: () => Date.UTC(2026, 0, 15), autoSms: false, seedAccounts: { k: 1 } });
    const { status, body } = engine.handle({ api_key: "k", action: "getPrices", service: "tg" });
    const offers = parsePrices(status, body);
    expect(offers.length).toBeGreaterThan(2);
    expect(offers.every((o) => o.service === "tg" && o.cost > 0)).toBe(true);
    expect(offers).toContainEqual({ country: "0", service: "tg", cost: 0.4, count: 1000 });
    expect(offers).toContainEqual(expect.objectContaining({ country: "999", count: 0 }));
  });
});
