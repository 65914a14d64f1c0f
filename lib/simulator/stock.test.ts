import { describe, expect, it } from "vitest";
import { createSimulatorEngine } from "./engine";
import { PLENTY } from "./stock";

// Stock set per country (and service): NO_NUMBERS once it runs out, getPrices reports it.

const KEY = "stock-key-0001";

function setup() {
  const engine = createSimulatorEngine({ now: () => Date.UTC(2026, 0, 15), autoSms: false, seedAccounts: { [KEY]: 100 } });
  const buy = (country: string, service = "tg") =>
    engine.handle({ api_key: KEY, action: "getNumber", service, country }).body.split(":")[0];
  const count = (country: string, service = "tg") =>
    JSON.parse(engine.handle({ api_key: KEY, action: "getPrices", service }).body)[country][service].count;
  return { engine, buy, count };
}

describe("simulator stock", () => {
  it("is plenty until set; a set count runs down to NO_NUMBERS and getPrices follows it", () => {
    const { engine, buy, count } = setup();
    expect(count("0")).toBe(PLENTY);
    engine.setStock("0", null, 2);
    expect(count("0")).toBe(2);
    expect([buy("0"), buy("0"), buy("0")]).toEqual(["ACCESS_NUMBER", "ACCESS_NUMBER", "NO_NUMBERS"]);
    expect(count("0")).toBe(0);
    expect(buy("6")).toBe("ACCESS_NUMBER");
  });

  it("a service's own count wins over its country's; null restores plenty; reset clears all", () => {
    const { engine, buy, count } = setup();
    engine.setStock("12", null, 0);
    engine.setStock("12", "wa", 1);
    expect([buy("12", "tg"), buy("12", "wa"), buy("12", "wa")]).toEqual(["NO_NUMBERS", "ACCESS_NUMBER", "NO_NUMBERS"]);
    engine.setStock("12", "wa", null);
    expect(count("12", "wa")).toBe(0);
    engine.reset();
    engine.setAccount(KEY, 100);
    expect(buy("12", "tg")).toBe("ACCESS_NUMBER");
  });

  it("a refused purchase (price, balance) takes nothing from the stock", () => {
    const { engine, count } = setup();
    engine.setStock("0", "tg", 1);
    const refused = engine.handle({ api_key: KEY, action: "getNumber", service: "tg", country: "0", maxPrice: "0.01" });
    expect(refused.body).toMatch(/^WRONG_MAX_PRICE:/);
    expect(count("0")).toBe(1);
  });

  it("the sold-out country stays sold out whatever is set", () => {
    const { engine, buy } = setup();
    engine.setStock("999", null, 5);
    expect(buy("999")).toBe("NO_NUMBERS");
  });
});
