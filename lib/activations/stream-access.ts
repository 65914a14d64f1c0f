import "server-only";
import type { Kysely } from "kysely";
import { getAuth } from "@/lib/auth/auth";
import { resolveTeam } from "@/lib/auth/session";
import type { Database } from "@/lib/db";

// What the change stream (change-stream.ts) asks the database: whose key a notice is about, and
// whether the viewer may still watch their team.

/** A key's team never changes; the cache only bounds memory and the lookups of a burst. */
const KEY_TEAM_TTL_MS = 60_000;

type Cached = { team: Promise<string | null>; expiresAt: number };

/**
 * `teamOfKey` for every stream of this process, with one cache: fifty open tables share one
 * lookup per key. A key not found is not remembered, so a key created after a stream opened is
 * found on its first notice.
 */
export function keyTeamLookup(db: () => Promise<Kysely<Database>>, ttlMs = KEY_TEAM_TTL_MS) {
  const cache = new Map<string, Cached>();
  return async (keyId: string): Promise<string | null> => {
    const now = Date.now();
    const hit = cache.get(keyId);
    if (hit && hit.expiresAt > now) return hit.team;
    if (cache.size > 10_000) cache.clear();
    const team = (async () => {
      const row = await (await db())
        .selectFrom("provider_keys")
        .select("team_id")
        .where("id", "=", keyId)
        .executeTakeFirst();
      return row?.team_id ?? null;
    })();
    const entry = { team, expiresAt: now + ttlMs };
    cache.set(keyId, entry);
    const forget = () => {
      if (cache.get(keyId) === entry) cache.delete(keyId);
    };
    team.then((found) => found ?? forget(), forget);
    return team;
  };
}

/**
 * Still signed in with the same session, and the team the session resolves to now (by the one rule
 * of getSessionContext: resolveTeam) still the watched one. A switch of team, a removal from the
 * active team (the fallback team takes over) or from every team ends the stream; the reconnect
 * meets the guard and watches whatever team the JSON route now serves.
 * Reads the session with the request's own cookies, without refreshing it: a stream open for
 * hours must not keep a session alive by itself.
 */
export async function stillWatching(
  db: Kysely<Database>,
  requestHeaders: Headers,
  watcher: { userId: string; teamId: string },
): Promise<boolean> {
  const found = await getAuth().api.getSession({ headers: requestHeaders, query: { disableRefresh: true } });
  if (!found || found.user.id !== watcher.userId) return false;
  const activeId = (found.session as { activeOrganizationId?: string | null }).activeOrganizationId;
  const { team } = await resolveTeam(db, watcher.userId, activeId);
  return team?.teamId === watcher.teamId;
}
