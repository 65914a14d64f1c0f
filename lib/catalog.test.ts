import { describe, expect, it } from "vitest";
import { countryChoices, serviceChoices } from "@/lib/prices/choices";
import { COMMON_COUNTRIES, COMMON_SERVICES, countryName, operatorName, serviceName } from "./catalog";

// The order pickers and every other place (rows, cards, history, reports, dialogs) name a code
// the same way: one list, lib/catalog.ts.
describe("names", () => {
  it("names every service the picker names the same way everywhere", () => {
    const picked = serviceChoices("");
    expect(picked.map((s) => s.code)).toContain("am");
    for (const s of picked) expect(serviceName(s.code)).toBe(s.name);
    expect(serviceName("am")).toBe("Amazon");
  });

  it("names every country the picker names the same way everywhere, whatever the provider calls it", () => {
    const picked = countryChoices(null, "");
    expect(picked.map((c) => c.code)).toContain("43");
    for (const c of picked) {
      expect(countryName(c.code, null)).toBe(c.name);
      expect(countryName(c.code, "Name from the provider")).toBe(c.name);
    }
    // A priced country is named by the same list.
    const priced = countryChoices([{ country: "43", cost: 1, count: 1 }], "");
    expect(priced[0]?.name).toBe(countryName("43", null));
  });

  it("falls back to the provider's name, then the code, for a code no list names", () => {
    expect(countryName("999", "Atlantis")).toBe("Atlantis");
    expect(countryName("999", null)).toBe("999");
    expect(serviceName("zz")).toBe("zz");
  });

  it("keeps the common lists (the history's filters) a short subset of the named ones", () => {
    expect(COMMON_SERVICES.length).toBeLessThan(serviceChoices("").length);
    expect(COMMON_COUNTRIES.length).toBeLessThan(countryChoices(null, "").length);
    for (const s of COMMON_SERVICES) expect(serviceName(s.code)).toBe(s.name);
    for (const c of COMMON_COUNTRIES) expect(countryName(c.code, null)).toBe(c.name);
  });

  it("names operators by their codes, and shows a code it does not know as it is", () => {
    expect(operatorName("megafon")).toBe("MegaFon");
    expect(operatorName("tmobile")).toBe("T-Mobile");
    expect(operatorName("att")).toBe("AT&T");
    expect(operatorName("somenet")).toBe("somenet");
    // Not a prototype property dressed as a name.
    expect(operatorName("constructor")).toBe("constructor");
  });
});
