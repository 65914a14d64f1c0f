import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { requireSession } from "@/lib/auth/page-guards";
import { listMyInvitations } from "@/lib/teams/invitations";
import { ChangePasswordForm } from "./change-password-form";
import { InvitationsList } from "./invitations-list";

export default async function ProfilePage() {
  const session = await requireSession();
  const t = await getTranslations("auth");
  // Answered only once a one-time password is replaced (the service refuses it before, too).
  const invitations = session.mustChangePassword ? [] : await listMyInvitations(session.userId);
  return (
    <section className="grid max-w-md gap-6">
      <h1 className="text-2xl font-semibold">{t("profileTitle")}</h1>
      {session.mustChangePassword ? (
        <Alert role="status" variant="warning">
          {t("mustChange")}
        </Alert>
      ) : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted-foreground">{t("fields.name")}</dt>
        <dd>{session.name}</dd>
        <dt className="text-muted-foreground">{t("fields.email")}</dt>
        <dd>{session.email}</dd>
        {session.teams.map((team) => (
          <div key={team.teamId} className="contents">
            <dt className="text-muted-foreground">{team.teamName}</dt>
            <dd>{t(`roles.${team.role}`)}</dd>
          </div>
        ))}
      </dl>
      {invitations.length > 0 ? <InvitationsList invitations={invitations} /> : null}
      <ChangePasswordForm mustChange={session.mustChangePassword} />
    </section>
  );
}
