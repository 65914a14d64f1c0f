import { describe, expect, it } from "vitest";
import type { PriceOffer } from "@/lib/provider/parse-prices";
import { createPriceCache } from "./price-cache";

const offer = (country: string, cost: number, count = 10): PriceOffer => ({ country, service: "tg", cost, count });

function setup(answers: Array<PriceOffer[] | Error> = []) {
  let clock = 0;
  const calls: string[] = [];
  const cache = createPriceCache({
    now: () => clock,
    maxEntries: 3,
    fetchOffers: async (keyId, service) => {
      calls.push(`${keyId}/${service}`);
      const next = answers.shift() ?? [offer("0", 1)];
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return { cache, calls, advance: (ms: number) => (clock += ms) };
}

describe("price cache", () => {
  it("sorts cheapest first, then by stock, then by country", async () => {
    const { cache } = setup([[offer("12", 0.8), offer("6", 0.2, 5), offer("73", 0.2, 50), offer("0", 0.4)]]);
    expect((await cache.offers("k", "tg")).map((o) => o.country)).toEqual(["73", "6", "0", "12"]);
  });

  it("asks the provider once a minute per key and service; callers during a fetch share it", async () => {
    const { cache, calls, advance } = setup();
    await Promise.all([cache.offers("k", "tg"), cache.offers("k", "tg")]);
    await cache.offers("k", "wa");
    await cache.offers("other", "tg");
    advance(59_999);
    await cache.offers("k", "tg");
    expect(calls).toEqual(["k/tg", "k/wa", "other/tg"]);
    advance(1);
    await cache.offers("k", "tg");
    expect(calls).toEqual(["k/tg", "k/wa", "other/tg", "k/tg"]);
  });

  it("does not keep a failure: the next call asks again", async () => {
    const { cache, calls } = setup([new Error("TIMEOUT"), [offer("0", 1)]]);
    await expect(cache.offers("k", "tg")).rejects.toThrow("TIMEOUT");
    expect(await cache.offers("k", "tg")).toEqual([offer("0", 1)]);
    expect(calls).toHaveLength(2);
  });

  it("forgets a key's prices on request, and the oldest entries past the bound", async () => {
    const { cache, calls } = setup();
    await cache.offers("k", "tg");
    cache.forgetKey("k");
    await cache.offers("k", "tg");
    expect(calls).toEqual(["k/tg", "k/tg"]);
    for (const service of ["a", "b", "c"]) await cache.offers("k", service);
    await cache.offers("k", "c");
    expect(calls).toEqual(["k/tg", "k/tg", "k/a", "k/b", "k/c"]);
    // Four entries with room for three: the oldest (k/tg) went, so it is asked for again.
    await cache.offers("k", "tg");
    expect(calls).toEqual(["k/tg", "k/tg", "k/a", "k/b", "k/c", "k/tg"]);
  });
});
