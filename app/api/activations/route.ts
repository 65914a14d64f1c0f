import { NextResponse } from "next/server";
import { pollActivations } from "@/lib/activations/poll";
import { withMember } from "@/lib/auth/guard";
import { ensureSyncRunning } from "@/lib/sync/registry";

// Polled by every open table. Cheap by design: it reads our database, never the provider, and
// only the caller's current team's activations. `?since=<cursor>` with If-None-Match (the last
// answer's cursor and ETag) answers 304 when nothing of the team's table changed, otherwise only
// the rows written since; without them, the full table set (lib/activations/poll.ts).
export const dynamic = "force-dynamic";

export const GET = withMember(async ({ team }, request) => {
  await ensureSyncRunning();
  const answer = await pollActivations(team.teamId, {
    since: new URL(request.url).searchParams.get("since"),
    ifNoneMatch: request.headers.get("if-none-match"),
  });
  const headers = {
    "Cache-Control": "no-store",
    ETag: answer.etag,
    // The countdowns' clocks, outside the validator: a 304 carries them too.
    "X-Server-Now": String(answer.serverNowMs),
    "X-Clock-Offsets": JSON.stringify(answer.offsets),
  };
  if (answer.status === 304) return new NextResponse(null, { status: 304, headers });
  return NextResponse.json(answer.page, { headers });
});
