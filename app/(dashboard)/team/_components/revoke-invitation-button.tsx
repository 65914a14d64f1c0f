"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import type { InvitationDto } from "@/lib/teams/dto";
import { revokeInvitationAction } from "../actions";
import { useActionMutation } from "@/components/use-action-mutation";

export function RevokeInvitationButton({ invitation }: { invitation: InvitationDto }) {
  const t = useTranslations("team");
  const mutation = useActionMutation(() => revokeInvitationAction({ invitationId: invitation.invitationId }), {
    refresh: true,
    success: () => t("invitations.revoked", { email: invitation.email }),
  });
  return (
    <Button
      size="xs"
      variant="outline"
      aria-label={t("invitations.revokeLabel", { email: invitation.email })}
      disabled={mutation.isPending}
      onClick={() => mutation.mutate(undefined)}
    >
      {t("invitations.revoke")}
    </Button>
  );
}
