"use server";

import { z } from "zod";
import { invalidInput, signedInAction, toResult } from "@/lib/actions/safe-action";
import { acceptInvitation, declineInvitation } from "@/lib/teams/invitations";

// The addressee answers an invitation. signedInAction, not memberAction: they may have no team
// yet. The service checks the rest under the team's lock: addressed to this user's email,
// pending, not expired, and no one-time password left to replace (PASSWORD_CHANGE_REQUIRED).

const invitation = z.strictObject({ invitationId: z.string().min(1).max(64) });

export const acceptInvitationAction = signedInAction.metadata({ actionName: "acceptInvitationAction" })
  .inputSchema(invitation, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await acceptInvitation(ctx.actor, parsedInput.invitationId)),
  );

export const declineInvitationAction = signedInAction.metadata({ actionName: "declineInvitationAction" })
  .inputSchema(invitation, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await declineInvitation(ctx.actor, parsedInput.invitationId)),
  );
