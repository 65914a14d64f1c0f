import "server-only";
import { redirect } from "next/navigation";
import { getSessionContext, type SessionContext, type TeamMembership } from "./session";

// Server Components' checks. proxy.ts only redirects visitors without a session cookie; a
// page still checks the session itself, and admin pages render nothing of their data for
// anyone else.

export async function requireSession(): Promise<SessionContext> {
  const session = await getSessionContext();
  if (!session) redirect("/sign-in");
  return session;
}

export async function requireTeam(): Promise<{ session: SessionContext; team: TeamMembership | null }> {
  const session = await requireSession();
  // A one-time password opens the profile page only, where its owner picks their own.
  if (session.mustChangePassword) redirect("/profile");
  return { session, team: session.team };
}

/** The admin's team, or null when the caller is not an admin of their current team. */
export async function adminTeam(): Promise<TeamMembership | null> {
  const { team } = await requireTeam();
  return team?.role === "admin" ? team : null;
}
