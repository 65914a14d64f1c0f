"use client";

import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { unwrapAction } from "@/lib/actions/unwrap";
import type { InvitationDto } from "@/lib/teams/dto";
import { revokeInvitationAction } from "../actions";
import { useTeamAction } from "./use-team-action";

export function RevokeInvitationButton({ invitation }: { invitation: InvitationDto }) {
  const t = useTranslations("team");
  const mutation = useTeamAction(
    async () =>
      unwrapAction(await revokeInvitationAction({ invitationId: invitation.invitationId })),
    () => toast.success(t("invitations.revoked", { email: invitation.email })),
  );
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
