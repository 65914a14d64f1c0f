import { getFormatter, getTranslations } from "next-intl/server";
import { type DataColumn, DataTable } from "@/components/data-table";
import { Badge } from "@/components/ui/badge";
import type { InvitationDto } from "@/lib/teams/dto";
import { RevokeInvitationButton } from "./revoke-invitation-button";

type T = Awaited<ReturnType<typeof getTranslations<"team">>>;
type Format = Awaited<ReturnType<typeof getFormatter>>;

function invitationColumns(t: T, format: Format): DataColumn<InvitationDto>[] {
  const when = (ms: number) => format.dateTime(new Date(ms), { dateStyle: "medium", timeStyle: "short" });
  const now = Date.now();
  return [
    { id: "email", header: t("columns.email"), cell: (invitation) => invitation.email },
    { id: "role", header: t("columns.role"), cell: (invitation) => t(`roles.${invitation.role}`) },
    { id: "invitedBy", header: t("invitations.invitedBy"), cell: (invitation) => invitation.inviterEmail },
    { id: "sent", header: t("invitations.sent"), cell: (invitation) => when(invitation.createdAt) },
    {
      id: "expires",
      header: t("invitations.expires"),
      cell: (invitation) =>
        invitation.expiresAt > now ? when(invitation.expiresAt) : <Badge tone="muted">{t("invitations.expired")}</Badge>,
    },
    { id: "actions", header: t("columns.actions"), cell: (invitation) => <RevokeInvitationButton invitation={invitation} /> },
  ];
}

/**
 * Invitations sent to people who already have an account: who invited them, when, and until
 * when it is open. They are not members until they accept; an admin may revoke one meanwhile.
 */
export async function InvitationsTable({ invitations }: { invitations: InvitationDto[] }) {
  if (invitations.length === 0) return null;
  const [t, format] = await Promise.all([getTranslations("team"), getFormatter()]);
  return (
    <section aria-labelledby="invitations-title" className="grid gap-2">
      <h2 id="invitations-title" className="font-semibold">
        {t("invitations.title")}
      </h2>
      <p className="text-sm text-muted-foreground">{t("invitations.description")}</p>
      <DataTable
        columns={invitationColumns(t, format)}
        rows={invitations}
        rowKey={(invitation) => invitation.invitationId}
        rowProps={(invitation) => ({ "data-testid": `invitation-${invitation.email}` })}
      />
    </section>
  );
}
