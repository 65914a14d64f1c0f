import { NextResponse } from "next/server";
import { withMember } from "@/lib/auth/guard";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { getTeamKey } from "@/lib/keys/provider-keys";
import { parsePriceQuery } from "@/lib/prices/price-query";
import { readPrices } from "@/lib/prices/read-prices";

// The order dialog's price list: { data: [{country, cost, count}] } cheapest first, or { error }.
// Bad input is a 400 and a key not of the caller's team (or disabled) a 404, both before any
// provider call; a provider fault is the envelope's error with a 200, for the dialog to show
// while ordering by country still works.
export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export const GET = withMember(async ({ session, team }, request) => {
  const parsed = parsePriceQuery(new URL(request.url).searchParams);
  if (!parsed.ok) {
    const error = await translateFailure({ code: "INVALID_INPUT", params: { details: parsed.details } });
    return NextResponse.json({ error }, { status: 400, headers: NO_STORE });
  }
  const key = await getTeamKey(team.teamId, parsed.query.keyId, { enabledOnly: true });
  if (!key) {
    return NextResponse.json({ error: await translateFailure({ code: "KEY_UNAVAILABLE" }) }, { status: 404, headers: NO_STORE });
  }
  const outcome = await readPrices(key, parsed.query.service, { id: session.userId, label: session.email });
  const body = outcome.ok ? { data: outcome.value } : { error: await translateFailure(outcome.failure) };
  return NextResponse.json(body, { headers: NO_STORE });
});
