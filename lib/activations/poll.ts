import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db";
import type { ActivationsData, ActivationsPage, KeyTimingDto } from "./dto";
import { RECENT_MS } from "./merge-delta";
import { keyTimings, teamKeyRows } from "./queries";
import { listActivations, listWrittenSince, toDto, versionSummary } from "./rows";

// GET /api/activations, made cheap for 5,000 rows polled every 2 s (issue 9): 304 Not Modified
// when nothing of the team's table changed, otherwise only the rows written since the client's
// cursor; a full read only without a usable cursor. The browser merges (./merge-delta.ts).
//
// Why a window and not "max(updated_at) seen": updated_at is each row's version (repository.ts
// touched()), strictly increasing per row, but not a global commit order. On PostgreSQL a write
// that took its version at t=1000 can commit after one at t=1001 was read, and instances' clocks
// differ a little. So:
// - the cursor is the server's clock when a read began; the next delta sends every row with a
//   version >= cursor - OVERLAP_MS, which covers any write that committed after that read began,
//   as long as a write commits within OVERLAP_MS of taking its version (write transactions are
//   short; sync takes its clock per row) and instances' clocks agree within that. Rows re-sent
//   from the overlap are harmless: the browser keeps the newer version of each (keyId, id).
// - the validator (ETag) summarizes exactly that window: count, newest and sum of the versions of
//   the team's rows with version >= cursor - OVERLAP_MS (rows.ts versionSummary, off the
//   (key_id, updated_at) index of migration 0008). Rows only ever enter that range or move up
//   inside it (versions only grow, rows are never deleted), so any write since the read changes
//   count or sum, even one whose version is older than the newest already seen. It is read
//   BEFORE the rows: a write landing between the two is then in the rows but not the validator,
//   and the next poll sends it again rather than never.
// - the cursor carries a tag of the team and its key ids: another team's cursor or ETag (a team
//   switch), or a key added to the team, gives a full read, never a 304 or someone else's delta.
// - the keys part (names, banners, timings) is small and recomputed on every poll; its hash is
//   in the validator. Each key's clock offset is not (it moves with every measurement): it goes
//   in the X-Clock-Offsets header of every answer, 304s included, with X-Server-Now.

/** Longer than any write transaction (from taking its version to commit) plus the instances' clock skew. */
export const OVERLAP_MS = 60_000;
/** An older cursor (a tab that slept) gets a full read: its delta would be as big, and it may have missed the window. */
export const MAX_CURSOR_AGE_MS = 60 * 60_000;
/** Bumped when the row DTO changes shape, so copies made by an older build are read again in full. */
const DTO_VERSION = "1";

export type PollRequest = { since: string | null; ifNoneMatch: string | null };

type ClockHeaders = { serverNowMs: number; offsets: Record<string, number> };
export type PollAnswer =
  | ({ status: 304; etag: string } & ClockHeaders)
  | ({ status: 200; etag: string; page: ActivationsPage } & ClockHeaders);

const digest = (text: string, length: number) =>
  createHash("sha256").update(text).digest("base64url").slice(0, length);

/** The team and its set of keys: a cursor or ETag is only good for the same. */
function scopeTag(teamId: string, keyIds: string[]): string {
  return digest(`${DTO_VERSION}\n${teamId}\n${[...keyIds].sort().join(",")}`, 16);
}

/** `<cursor ms>.<scope tag>`; null when malformed, of another scope, too old or from the future. */
export function parseCursor(since: string | null, scope: string, nowMs: number): number | null {
  const m = since?.match(/^(\d{1,16})\.([\w-]{1,32})$/);
  if (!m || m[2] !== scope) return null;
  const ms = Number(m[1]);
  return ms < nowMs - MAX_CURSOR_AGE_MS || ms > nowMs + OVERLAP_MS ? null : ms;
}

/** If-None-Match may list several tags, weak or strong; any equal one matches. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

function keysHash(keys: KeyTimingDto[]): string {
  return digest(JSON.stringify(keys.map(({ clockOffsetMs: _offset, ...rest }) => rest)), 16);
}

async function validator(
  scope: string,
  keyIds: string[],
  cursorMs: number,
  keysPart: string,
): Promise<string> {
  const s = await versionSummary(await getDb(), keyIds, cursorMs - OVERLAP_MS);
  return `"${digest(`${scope}|${cursorMs}|${s.count}|${s.newest}|${s.sum}|${keysPart}`, 27)}"`;
}

/**
 * Answers one poll of the team's table: 304, a delta since `since`, or the full table set. Reads
 * our database only. The team guard is the caller's (route handler or page): `teamId` is the
 * session's team, and every read is scoped by that team's keys.
 */
export async function pollActivations(
  teamId: string,
  request: PollRequest,
  nowMs = Date.now(),
): Promise<PollAnswer> {
  const db = await getDb();
  const keyRows = await teamKeyRows(teamId);
  const keys = await keyTimings(keyRows, nowMs);
  const keyIds = keys.map((k) => k.id);
  const scope = scopeTag(teamId, keyIds);
  const keysPart = keysHash(keys);
  const clock: ClockHeaders = {
    serverNowMs: nowMs,
    offsets: Object.fromEntries(keys.map((k) => [k.id, k.clockOffsetMs])),
  };
  const since = parseCursor(request.since, scope, nowMs);
  if (since !== null && request.ifNoneMatch) {
    const etag = await validator(scope, keyIds, since, keysPart);
    if (etagMatches(request.ifNoneMatch, etag)) return { status: 304, etag, ...clock };
  }
  // The validator of what this answer hands out, read before its rows (see above).
  const etag = await validator(scope, keyIds, nowMs, keysPart);
  const rows =
    since === null
      ? await listActivations(db, keyIds, nowMs - RECENT_MS)
      : await listWrittenSince(db, keyIds, since - OVERLAP_MS);
  const page: ActivationsPage = {
    serverNowMs: nowMs,
    keys,
    activations: rows.map(toDto),
    cursor: `${nowMs}.${scope}`,
    full: since === null,
  };
  return { status: 200, etag, page, ...clock };
}

/** The full table set as the browser keeps it (the page's prefetch): its first poll can be a 304. */
export async function readActivations(teamId: string): Promise<ActivationsData> {
  const answer = await pollActivations(teamId, { since: null, ifNoneMatch: null });
  if (answer.status !== 200) throw new Error("a full read answered 304");
  const { page, etag } = answer;
  return {
    serverNowMs: page.serverNowMs,
    keys: page.keys,
    activations: page.activations,
    cursor: page.cursor,
    etag,
  };
}
