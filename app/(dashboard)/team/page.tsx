import { getTranslations } from "next-intl/server";
import { adminTeam, requireSession } from "@/lib/auth/page-guards";
import { listInvitations } from "@/lib/teams/invitations";
import { listMembers } from "@/lib/teams/service";
import { AdminOnly } from "../_components/admin-only";
import { AddMemberForm } from "./_components/add-member-form";
import { InvitationsTable } from "./_components/invitations-table";
import { MemberLimitsSection } from "./_components/member-limits-section";
import { MembersTable } from "./_components/members-table";
import { NewTeamForm } from "./_components/new-team-form";
import { TeamRulesSection } from "./_components/team-rules-section";

export const dynamic = "force-dynamic";

/** Admins of the current team manage its people here; anyone else sees a refusal and no data. */
export default async function TeamPage() {
  const team = await adminTeam();
  if (!team) return <AdminOnly />;
  const [session, t, members, invitations] = await Promise.all([
    requireSession(),
    getTranslations("team"),
    listMembers(team.teamId),
    listInvitations(team.teamId),
  ]);
  return (
    <section className="flex flex-col gap-6">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("intro", { team: team.teamName })}</p>
      </div>
      <MembersTable members={members} currentUserId={session.userId} teamName={team.teamName} />
      <InvitationsTable invitations={invitations} />
      <TeamRulesSection teamId={team.teamId} />
      <MemberLimitsSection teamId={team.teamId} />
      <div className="grid gap-6 md:grid-cols-2">
        <AddMemberForm />
        <NewTeamForm />
      </div>
    </section>
  );
}
