import { NextResponse } from "next/server";
import { withMember } from "@/lib/auth/guard";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { listQuickBuys } from "@/lib/smart-buy/quick-buys";
import { listSmartBuys } from "@/lib/smart-buy/store";

// The smart buy panel's live list: the team's running smart buys and the latest ended ones, each
// with its attempts, and the caller's quick buy buttons (the team's shared ones and their own).
// It takes no parameters; any is a 400, before any read.
export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export const GET = withMember(async ({ session, team }, request) => {
  const params = [...new URL(request.url).searchParams.keys()];
  if (params.length > 0) {
    const error = await translateFailure({
      code: "INVALID_INPUT",
      params: { details: `unexpected parameter ${params[0]?.slice(0, 40)}` },
    });
    return NextResponse.json({ error }, { status: 400, headers: NO_STORE });
  }
  const caller = {
    teamId: team.teamId,
    actor: { id: session.userId, label: session.email },
    isAdmin: team.role === "admin",
  };
  const [data, quickBuys] = await Promise.all([listSmartBuys(team.teamId), listQuickBuys(caller)]);
  return NextResponse.json({ data, quickBuys, serverNowMs: Date.now() }, { headers: NO_STORE });
});
