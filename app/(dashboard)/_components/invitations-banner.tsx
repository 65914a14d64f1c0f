import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import type { SessionContext } from "@/lib/auth/session";
import { listMyInvitations } from "@/lib/teams/invitations";

/**
 * Tells a signed-in user, on every dashboard page, that a team has invited them; they answer on
 * their profile. Not while a one-time password must be replaced: that comes first.
 */
export async function InvitationsBanner({ session }: { session: SessionContext }) {
  if (session.mustChangePassword) return null;
  const invitations = await listMyInvitations(session.userId);
  const first = invitations[0];
  if (!first) return null;
  const t = await getTranslations("invitations");
  return (
    <Alert role="status" variant="info" className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1">
      <span>
        {invitations.length === 1
          ? t("banner.one", { team: first.teamName, inviter: first.inviterEmail })
          : t("banner.many", { count: invitations.length })}
      </span>
      <Link href="/profile#invitations" className="font-medium underline underline-offset-2">
        {t("banner.review")}
      </Link>
    </Alert>
  );
}
