"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import type { MyInvitationDto } from "@/lib/teams/dto";
import { acceptInvitationAction, declineInvitationAction } from "./actions";
import { useActionMutation } from "@/components/use-action-mutation";

type Answer = { invitationId: string; accept: boolean };

/** The signed-in user's open invitations: accepting joins the team with the role shown. */
export function InvitationsList({ invitations }: { invitations: MyInvitationDto[] }) {
  const t = useTranslations("invitations");
  const format = useFormatter();
  const mutation = useActionMutation(
    ({ invitationId, accept }: Answer) => (accept ? acceptInvitationAction : declineInvitationAction)({ invitationId }),
    {
      refresh: true,
      success: (joined, { accept }) => t(accept ? "accepted" : "declined", { team: joined.teamName }),
    },
  );
  return (
    <section
      id="invitations"
      aria-labelledby="invitations-title"
      className="grid gap-3 rounded-lg border p-4"
    >
      <h2 id="invitations-title" className="font-medium">
        {t("title")}
      </h2>
      <ul className="grid gap-3">
        {invitations.map((invitation) => (
          <li
            key={invitation.invitationId}
            className="grid gap-2"
            data-testid={`my-invitation-${invitation.teamName}`}
          >
            <p className="text-sm">
              {t("entry", {
                team: invitation.teamName,
                role: t(`roles.${invitation.role}`),
                inviter: invitation.inviterEmail,
              })}
            </p>
            <p className="text-xs text-muted-foreground">
              {t("expires", {
                date: format.dateTime(new Date(invitation.expiresAt), {
                  dateStyle: "medium",
                  timeStyle: "short",
                }),
              })}
            </p>
            <div className="flex gap-2">
              <Button
                size="sm"
                disabled={mutation.isPending}
                aria-label={t("acceptLabel", { team: invitation.teamName })}
                onClick={() =>
                  mutation.mutate({ invitationId: invitation.invitationId, accept: true })
                }
              >
                {t("accept")}
              </Button>
              <Button
                size="sm"
                variant="outline"
                disabled={mutation.isPending}
                aria-label={t("declineLabel", { team: invitation.teamName })}
                onClick={() =>
                  mutation.mutate({ invitationId: invitation.invitationId, accept: false })
                }
              >
                {t("decline")}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
