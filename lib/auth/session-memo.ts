import "server-only";
import { type Database, getDb } from "@/lib/db";
import { epochMs } from "@/lib/db/engine";
import type { Kysely } from "kysely";
import { getAuth } from "./auth";

// better-auth's getSession costs ~2.5 ms of CPU per request on this machine (its endpoint
// machinery: context, hooks, a WebCrypto key import for the cookie's signature, output parsing),
// most of a click's budget (issue 9, "a fast click"). Its own answer to that, the cookie cache,
// trusts a signed cookie for its max age, so a revoked session (sign-out elsewhere, a password
// change, a member removed) would keep working until it expires. Not acceptable here.
//
// So: better-auth still decides (every first request, and again every 30 s per browser), and its
// answer is remembered for the exact Cookie header it was given. A remembered answer is used only
// while its session row is unchanged: one indexed read, on every request, in every process.
// Deleted (revoked, signed out, user deleted), expired, refreshed or switched to another team:
// the row differs, and better-auth is asked again. A renamed user shows the old name for at most
// 30 s; nothing that grants or withdraws access is remembered.

/** What better-auth's getSession answers for a signed-in request. */
export type AuthSession = NonNullable<Awaited<ReturnType<ReturnType<typeof getAuth>["api"]["getSession"]>>>;

type SessionRowView = Pick<AuthSession["session"], "id" | "updatedAt" | "expiresAt"> & {
  activeOrganizationId?: string | null;
};

type MemoOptions = {
  /** Whether a remembered answer still holds (the session row unchanged). */
  stillCurrent: (session: SessionRowView) => Promise<boolean>;
  now?: () => number;
  ttlMs?: number;
  maxEntries?: number;
};

const TTL_MS = 30_000;
const MAX_ENTRIES = 1_000;

/**
 * A reader that remembers `readFresh`'s signed-in answers per Cookie header (least recently used
 * out first). The whole header is the key, not the session cookie alone: better-auth's answer is a
 * function of the header, so a remembered answer is reused only for what better-auth itself read.
 */
export function createSessionMemo<S extends { session: SessionRowView }>(options: MemoOptions) {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? TTL_MS;
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const entries = new Map<string, { session: S; at: number }>();
  return async function read(cookieHeader: string | null, readFresh: () => Promise<S | null>): Promise<S | null> {
    if (!cookieHeader) return readFresh();
    const hit = entries.get(cookieHeader);
    if (hit) {
      entries.delete(cookieHeader);
      if (now() - hit.at < ttlMs && (await options.stillCurrent(hit.session.session))) {
        entries.set(cookieHeader, hit);
        return hit.session;
      }
    }
    const fresh = await readFresh();
    // Signed out is not remembered: signing in must take effect on the very next request.
    if (fresh) {
      entries.set(cookieHeader, { session: fresh, at: now() });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    }
    return fresh;
  };
}

/** The session row as better-auth last wrote it, unexpired: else the remembered answer is stale. */
export async function sessionRowUnchanged(
  db: Kysely<Database>,
  remembered: SessionRowView,
  now = Date.now(),
): Promise<boolean> {
  const row = await db
    .selectFrom("session")
    .select(["updatedAt", "expiresAt", "activeOrganizationId"])
    .where("id", "=", remembered.id)
    .executeTakeFirst();
  if (!row) return false;
  const expiresAt = epochMs(row.expiresAt);
  return (
    epochMs(row.updatedAt) === epochMs(remembered.updatedAt) &&
    expiresAt === epochMs(remembered.expiresAt) &&
    expiresAt > now &&
    (row.activeOrganizationId ?? null) === (remembered.activeOrganizationId ?? null)
  );
}

const memo = createSessionMemo<AuthSession>({
  stillCurrent: async (session) => sessionRowUnchanged(await getDb(), session),
});

/** better-auth's session for these request headers, remembered as described above; null when signed out. */
export function readSession(requestHeaders: Headers): Promise<AuthSession | null> {
  return memo(requestHeaders.get("cookie"), () => getAuth().api.getSession({ headers: requestHeaders }));
}
