import { NextResponse } from "next/server";
import { getActivationsView } from "@/lib/activations/queries";
import { withMember } from "@/lib/auth/guard";
import { ensureSyncRunning } from "@/lib/sync/registry";

// Polled by every open table. Cheap by design: it reads our database, never the provider, and
// only the caller's current team's activations.
export const dynamic = "force-dynamic";

export const GET = withMember(async ({ team }) => {
  await ensureSyncRunning();
  return NextResponse.json(await getActivationsView(team.teamId), {
    headers: { "Cache-Control": "no-store" },
  });
});
