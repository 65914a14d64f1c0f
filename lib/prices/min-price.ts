import type { ActionError, ActionResult, Outcome } from "@/lib/result";

// An order refused with WRONG_MAX_PRICE:<min> (or HeroSMS's info.min): the envelope's error
// also carries the provider's minimum, so the dialog can offer to buy at it. Client-safe.

type WithMinPrice = ActionError & { minPrice?: number };

/** The order action's result, with the provider's minimum on a WRONG_MAX_PRICE error. */
export function withMinPrice<T>(result: ActionResult<T>, outcome: Outcome<T>): ActionResult<T> {
  if (!result.error || outcome.ok) return result;
  const min = outcome.failure.params?.minPrice;
  if (outcome.failure.code !== "WRONG_MAX_PRICE" || typeof min !== "number" || !(min > 0)) return result;
  const error: WithMinPrice = { ...result.error, minPrice: min };
  return { error };
}

/** The provider's minimum an order error carries, or null. */
export function minPriceOf(error: ActionError): number | null {
  const min = (error as WithMinPrice).minPrice;
  return error.code === "WRONG_MAX_PRICE" && typeof min === "number" && Number.isFinite(min) && min > 0 ? min : null;
}
