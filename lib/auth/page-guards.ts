import "server-only";
import { redirect } from "next/navigation";
import { authorize } from "./authorize";
import { getSessionContext, type SessionContext, type TeamMembership } from "./session";

// Server Components' checks, by the same rule as actions and routes (./authorize.ts). proxy.ts
// only redirects visitors without a session cookie; a page still checks the session itself,
// and admin pages render nothing of their data for anyone else.

export async function requireSession(): Promise<SessionContext> {
  const access = authorize(await getSessionContext(), "signedIn");
  if (!access.ok) redirect("/sign-in");
  return access.session;
}

export async function requireTeam(): Promise<{ session: SessionContext; team: TeamMembership | null }> {
  const session = await requireSession();
  const access = authorize(session, "member");
  if (access.ok) return { session, team: access.team };
  // A one-time password opens the profile page only, where its owner picks their own. A user
  // with no team gets the page's "no team yet" view.
  if (access.refusal === "PASSWORD_CHANGE_REQUIRED") redirect("/profile");
  return { session, team: null };
}

/** The admin's team, or null when the caller is not an admin of their current team. */
export async function adminTeam(): Promise<TeamMembership | null> {
  const { session } = await requireTeam();
  const access = authorize(session, "admin");
  return access.ok ? access.team : null;
}
