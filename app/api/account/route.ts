import { NextResponse } from "next/server";
import { getAccountSummary } from "@/lib/activations/queries";
import { withMember } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";

export const GET = withMember(async ({ team }) =>
  NextResponse.json(await getAccountSummary(team.teamId), { headers: { "Cache-Control": "no-store" } }),
);
