import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import { readPrices } from "@/lib/prices/read-prices";

// What an order under a limit is checked at, known before getNumber, conservatively:
// 1. the max price the operator gave (the provider never charges more);
// 2. else the key's current price for that service and country: the order dialog's prices
//    (getPrices, audited, cached a minute per key and service, so usually already there);
// 3. else null (the country is not offered, or getPrices failed): the order is refused with
//    "enter a max price" rather than let through unchecked.
// Only asked when a limit applies: orders with no limit make no extra call.

type CostInput = { service: string; country: string; maxPrice?: number };

export async function orderCost(key: ProviderKey, input: CostInput, actor: Actor): Promise<number | null> {
  if (input.maxPrice !== undefined) return input.maxPrice;
  const prices = await readPrices(key, input.service, actor);
  return prices.ok ? (prices.value.find((o) => o.country === input.country)?.cost ?? null) : null;
}
