import { changeStreamResponse, noticeSource } from "@/lib/activations/change-stream";
import { keyTeamLookup, stillWatching } from "@/lib/activations/stream-access";
import { withMember } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { ensureSyncRunning } from "@/lib/sync/registry";

// Server-Sent Events for open tables: "your team's activations changed, refetch GET
// /api/activations now". Same guard as that route (401/403 JSON before any stream opens); no rows
// travel here (lib/activations/change-stream.ts).
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const teamOfKey = keyTeamLookup(getDb);

export const GET = withMember(async ({ session, team }, request) => {
  // An open table is why sync runs: the slow safety poll alone would start it late.
  await ensureSyncRunning();
  const db = await getDb();
  const requestHeaders = new Headers(request.headers);
  return changeStreamResponse({
    teamId: team.teamId,
    source: noticeSource,
    teamOfKey,
    signal: request.signal,
    stillAllowed: () => stillWatching(db, requestHeaders, { userId: session.userId, teamId: team.teamId }),
  });
});
