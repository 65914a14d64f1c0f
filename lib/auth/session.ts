import "server-only";
import { headers } from "next/headers";
import type { Kysely } from "kysely";
import { cache } from "react";
import { type Database, getDb } from "@/lib/db";
import { isTeamRole, type TeamRole } from "./roles";
import { readSession } from "./session-memo";

export type TeamMembership = { teamId: string; teamName: string; role: TeamRole };

/** Who is asking, and as a member of which team. Null when signed out. */
export type SessionContext = {
  userId: string;
  email: string;
  name: string;
  teams: TeamMembership[];
  /** The team the user works in now (the session's active team, else their first). */
  team: TeamMembership | null;
  /** Signed in with a one-time password: must choose their own before anything else. */
  mustChangePassword: boolean;
};

/** Reads the session from the request's cookies; memoised for one request. */
export const getSessionContext = cache(async (): Promise<SessionContext | null> => {
  // Headers first: during `next build` this marks the page dynamic before anything touches the
  // database, so a build never creates one.
  const requestHeaders = await headers();
  const db = await getDb();
  const session = await readSession(requestHeaders);
  if (!session) return null;
  const activeId = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId;
  const { teams, team } = await resolveTeam(db, session.user.id, activeId);
  const otp = await db
    .selectFrom("password_change_required")
    .select("user_id")
    .where("user_id", "=", session.user.id)
    .executeTakeFirst();
  return {
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    teams,
    team,
    mustChangePassword: otp !== undefined,
  };
});

/**
 * A user's teams (by name) and the one they work in: the session's active team while they are
 * still a member of it, else their first. The one rule for every request and for the change
 * stream's re-check (lib/activations/stream-access.ts): were they to differ, a user removed from
 * their active team would get a stream that the re-check ends every beat, forever.
 */
export async function resolveTeam(
  db: Kysely<Database>,
  userId: string,
  activeId: string | null | undefined,
): Promise<{ teams: TeamMembership[]; team: TeamMembership | null }> {
  const rows = await db
    .selectFrom("member")
    .innerJoin("organization", "organization.id", "member.organizationId")
    .select(["member.organizationId as teamId", "organization.name as teamName", "member.role"])
    .where("member.userId", "=", userId)
    .execute();
  // By name, sorted here: PostgreSQL's ORDER BY follows its collation ("acme" before "Beta"
  // under en_US, after it in SQLite's byte order), and the first team is the default one.
  const byName = (a: TeamMembership, b: TeamMembership) =>
    a.teamName < b.teamName ? -1 : a.teamName > b.teamName ? 1 : a.teamId < b.teamId ? -1 : 1;
  const teams = rows
    .flatMap((r) => (isTeamRole(r.role) ? [{ teamId: r.teamId, teamName: r.teamName, role: r.role }] : []))
    .sort(byName);
  return { teams, team: teams.find((t) => t.teamId === activeId) ?? teams[0] ?? null };
}
