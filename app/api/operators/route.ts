import { keyReadRoute } from "@/lib/prices/key-read-route";
import { parseOperatorQuery } from "@/lib/prices/price-query";
import { readOperators } from "@/lib/prices/read-operators";

// The order dialog's operator choice: { data: ["mts", …] } ("any" left out; empty when the
// provider lists none), or { error } (lib/prices/key-read-route.ts: 400 for bad input, 404 for
// a key not of the team, both before any provider call).
export const dynamic = "force-dynamic";

export const GET = keyReadRoute(parseOperatorQuery, (key, { country }, actor) => readOperators(key, country, actor));
