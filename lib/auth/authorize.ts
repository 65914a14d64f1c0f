import type { SessionContext, TeamMembership } from "./session";

// Who may do what, decided in one place for every surface: the action builders
// (lib/actions/safe-action.ts), the route guards (./guard.ts) and the page guards
// (./page-guards.ts) each ask `authorize` and only choose how to say no (an error envelope, a
// 401/403, a redirect). A disabled button is not authorization; this is.

/** signedIn: any user; member: one working in a team (own password chosen); admin: its admin. */
export type AccessLevel = "signedIn" | "member" | "admin";

export type AccessRefusal = "SIGNED_OUT" | "PASSWORD_CHANGE_REQUIRED" | "NO_TEAM" | "ADMIN_ONLY";

type Refused = { ok: false; refusal: AccessRefusal };
type SignedIn = { ok: true; session: SessionContext; team: TeamMembership | null };
type InTeam = { ok: true; session: SessionContext; team: TeamMembership };

export function authorize(session: SessionContext | null, level: "signedIn"): SignedIn | Refused;
export function authorize(session: SessionContext | null, level: "member" | "admin"): InTeam | Refused;
export function authorize(session: SessionContext | null, level: AccessLevel): SignedIn | InTeam | Refused {
  if (!session) return { ok: false, refusal: "SIGNED_OUT" };
  if (level === "signedIn") return { ok: true, session, team: session.team };
  // A one-time password opens the profile page only, where its owner picks their own.
  if (session.mustChangePassword) return { ok: false, refusal: "PASSWORD_CHANGE_REQUIRED" };
  const team = session.team;
  if (!team) return { ok: false, refusal: "NO_TEAM" };
  if (level === "admin" && team.role !== "admin") return { ok: false, refusal: "ADMIN_ONLY" };
  return { ok: true, session, team };
}
