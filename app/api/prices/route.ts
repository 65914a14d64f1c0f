import { keyReadRoute } from "@/lib/prices/key-read-route";
import { parsePriceQuery } from "@/lib/prices/price-query";
import { readPrices } from "@/lib/prices/read-prices";

// The order dialog's price list: { data: [{country, cost, count}] } cheapest first, or { error }
// (lib/prices/key-read-route.ts: 400 for bad input, 404 for a key not of the team, both before
// any provider call).
export const dynamic = "force-dynamic";

export const GET = keyReadRoute(parsePriceQuery, (key, { service }, actor) => readPrices(key, service, actor));
