import { describe, expect, it } from "vitest";
import type { ActionResult } from "@/lib/result";
import { minPriceOf, withMinPrice } from "./min-price";

const refused: ActionResult<never> = {
  error: { code: "WRONG_MAX_PRICE", message: "The current price is above the maximum price you set." },
};

describe("the provider's minimum on an order error", () => {
  it("rides on a WRONG_MAX_PRICE error and is read back", () => {
    const result = withMinPrice(refused, { ok: false, failure: { code: "WRONG_MAX_PRICE", params: { minPrice: 0.13 } } });
    expect(result.error).toMatchObject({ code: "WRONG_MAX_PRICE", minPrice: 0.13 });
    expect(result.error && minPriceOf(result.error)).toBe(0.13);
  });

  it("is absent when the provider gave none, on other errors, and on success", () => {
    const noMin = withMinPrice(refused, { ok: false, failure: { code: "WRONG_MAX_PRICE" } });
    expect(noMin.error && minPriceOf(noMin.error)).toBeNull();
    const other: ActionResult<never> = { error: { code: "NO_NUMBERS", message: "x" } };
    expect(withMinPrice(other, { ok: false, failure: { code: "NO_NUMBERS", params: { minPrice: 1 } } })).toBe(other);
    expect(minPriceOf({ code: "NO_NUMBERS", message: "x", minPrice: 1 } as never)).toBeNull();
    const ok = { data: 1 };
    expect(withMinPrice(ok, { ok: true, value: 1 })).toBe(ok);
    expect(withMinPrice(refused, { ok: false, failure: { code: "WRONG_MAX_PRICE", params: { minPrice: "0.1" } } })).toBe(refused);
  });
});
