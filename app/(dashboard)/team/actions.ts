"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { adminAction, invalidInput, signedInAction, toResult } from "@/lib/actions/safe-action";
import { TEAM_ROLES } from "@/lib/auth/roles";
import { revokeInvitation } from "@/lib/teams/invitations";
import { reissueOneTimePassword } from "@/lib/teams/reissue-password";
import {
  addMember,
  changeRole,
  createTeam,
  removeMember,
  setActiveTeam,
} from "@/lib/teams/service";

// Thin actions: adminAction re-checks the session and that the caller is an admin of their
// current team on every call; the service then touches only that team's members, so a member id
// of another team is simply not found.
//
// createTeam is an adminAction too (not "signed in and admin of some team"): its form lives on
// the admin-only team page of the current team, so the trust level is the same as the page's,
// refusals are audited by the one builder, and an admin who is an operator in their current team
// switches to a team they administer first.

const id = z.string().min(1).max(64);
const role = z.enum(TEAM_ROLES);
const name = z.string().trim().min(1).max(100);
const email = z.string().trim().toLowerCase().max(254).pipe(z.email());

export const addMemberAction = adminAction.metadata({ actionName: "addMemberAction" })
  .inputSchema(z.strictObject({ email, name, role }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await addMember(ctx.team.teamId, ctx.actor, parsedInput)),
  );

export const changeRoleAction = adminAction.metadata({ actionName: "changeRoleAction" })
  .inputSchema(z.strictObject({ memberId: id, role }), {
    handleValidationErrorsShape: invalidInput,
  })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await changeRole(ctx.team.teamId, ctx.actor, parsedInput.memberId, parsedInput.role)),
  );

export const removeMemberAction = adminAction.metadata({ actionName: "removeMemberAction" })
  .inputSchema(z.strictObject({ memberId: id }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await removeMember(ctx.team.teamId, ctx.actor, parsedInput.memberId)),
  );

export const revokeInvitationAction = adminAction.metadata({ actionName: "revokeInvitationAction" })
  .inputSchema(z.strictObject({ invitationId: id }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await revokeInvitation(ctx.team.teamId, ctx.actor, parsedInput.invitationId)),
  );

/** A fresh one-time password, only for a member who never chose their own (the service checks). */
export const reissuePasswordAction = adminAction.metadata({ actionName: "reissuePasswordAction" })
  .inputSchema(z.strictObject({ memberId: id }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await reissueOneTimePassword(ctx.team.teamId, ctx.actor, parsedInput.memberId)),
  );

export const createTeamAction = adminAction.metadata({ actionName: "createTeamAction" })
  .inputSchema(z.strictObject({ name }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) => toResult(await createTeam(ctx.actor, parsedInput.name)));

/** Any signed-in user may switch, but only to a team they belong to (checked by the service). */
export const switchTeamAction = signedInAction.metadata({ actionName: "switchTeamAction" })
  .inputSchema(z.strictObject({ teamId: id }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await setActiveTeam(await headers(), ctx.session.userId, parsedInput.teamId)),
  );
