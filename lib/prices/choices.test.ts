import { describe, expect, it } from "vitest";
import { type Choice, countryChoices, selectedChoice, serviceChoices } from "./choices";

const offer = (country: string, cost: number, count = 10) => ({ country, cost, count });
const codes = (choices: Choice[]) => choices.map((c) => c.code);

describe("country choices", () => {
  it("lists buyable countries cheapest first, sold-out ones last, with names", () => {
    const choices = countryChoices([offer("0", 0.4), offer("999", 0.1, 0), offer("6", 0.2), offer("73", 0.2, 50)], "");
    expect(codes(choices)).toEqual(["73", "6", "0", "999"]);
    expect(choices[0]).toEqual({ code: "73", name: "Brazil", cost: 0.2, count: 50, buyable: true });
    expect(choices[3]).toMatchObject({ code: "999", name: null, buyable: false });
  });

  it("filters by name (case and accents ignored) or by exact code", () => {
    const offers = [offer("73", 0.3), offer("27", 0.5), offer("16", 0.6)];
    expect(codes(countryChoices(offers, "bra"))).toEqual(["73"]);
    expect(codes(countryChoices(offers, "COTE"))).toEqual(["27"]);
    expect(codes(countryChoices(offers, "16"))).toEqual(["16"]);
  });

  it("without prices, lists the known countries unpriced, and a typed number is always offered", () => {
    const all = countryChoices(null, "");
    expect(all.length).toBeGreaterThan(40);
    expect(all.every((c) => c.cost === null && c.buyable)).toBe(true);
    expect(countryChoices(null, " 42 ").map((c) => [c.code, c.name])).toEqual([["42", "Chad"]]);
    expect(countryChoices(null, "777")).toEqual([{ code: "777", name: null, cost: null, count: null, buyable: true }]);
    expect(codes(countryChoices([offer("73", 0.3)], "250"))).toEqual(["250"]);
    expect(codes(countryChoices(null, "12a"))).toEqual([]);
  });
});

describe("service choices", () => {
  it("lists the catalog's services first, filters by name or code", () => {
    expect(codes(serviceChoices("")).slice(0, 3)).toEqual(["tg", "wa", "go"]);
    expect(codes(serviceChoices("tele"))).toEqual(["tg"]);
    expect(codes(serviceChoices("vk"))).toEqual(["vk"]);
  });

  it("offers a typed code no list names, never a word that matched names", () => {
    expect(codes(serviceChoices("dr"))).toEqual(["dr"]);
    expect(codes(serviceChoices("ts"))).toEqual(["wa", "ts"]);
    expect(codes(serviceChoices("gram"))).toEqual(["tg", "ig"]);
    expect(codes(serviceChoices("zzzz"))).toEqual(["zzzz"]);
    expect(codes(serviceChoices("a b"))).toEqual([]);
  });
});

describe("selected choice", () => {
  const options = countryChoices([offer("6", 0.2, 0), offer("73", 0.3), offer("0", 0.4)], "");

  it("keeps the user's choice while listed, even sold out; else the first buyable", () => {
    expect(selectedChoice(options, "0")?.code).toBe("0");
    expect(selectedChoice(options, "6")?.code).toBe("6");
    expect(selectedChoice(options, "16")?.code).toBe("73");
    expect(selectedChoice(options, null)?.code).toBe("73");
    expect(selectedChoice([], null)).toBeNull();
  });
});
