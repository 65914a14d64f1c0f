import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { InvitationDto } from "@/lib/teams/dto";
import { RevokeInvitationButton } from "./revoke-invitation-button";

/**
 * Invitations sent to people who already have an account: who invited them, when, and until
 * when it is open. They are not members until they accept; an admin may revoke one meanwhile.
 */
export async function InvitationsTable({ invitations }: { invitations: InvitationDto[] }) {
  if (invitations.length === 0) return null;
  const [t, format] = await Promise.all([getTranslations("team"), getFormatter()]);
  const when = (ms: number) =>
    format.dateTime(new Date(ms), { dateStyle: "medium", timeStyle: "short" });
  const now = Date.now();
  return (
    <section aria-labelledby="invitations-title" className="grid gap-2">
      <h2 id="invitations-title" className="font-semibold">
        {t("invitations.title")}
      </h2>
      <p className="text-sm text-muted-foreground">{t("invitations.description")}</p>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>{t("columns.email")}</TableHead>
            <TableHead>{t("columns.role")}</TableHead>
            <TableHead>{t("invitations.invitedBy")}</TableHead>
            <TableHead>{t("invitations.sent")}</TableHead>
            <TableHead>{t("invitations.expires")}</TableHead>
            <TableHead>{t("columns.actions")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {invitations.map((invitation) => (
            <TableRow key={invitation.invitationId} data-testid={`invitation-${invitation.email}`}>
              <TableCell>{invitation.email}</TableCell>
              <TableCell>{t(`roles.${invitation.role}`)}</TableCell>
              <TableCell>{invitation.inviterEmail}</TableCell>
              <TableCell>{when(invitation.createdAt)}</TableCell>
              <TableCell>
                {invitation.expiresAt > now ? (
                  when(invitation.expiresAt)
                ) : (
                  <Badge tone="muted">{t("invitations.expired")}</Badge>
                )}
              </TableCell>
              <TableCell>
                <RevokeInvitationButton invitation={invitation} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
