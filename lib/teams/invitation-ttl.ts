// How long an invitation to a team stays open. Import-free: lib/auth/options.ts passes it to
// better-auth's organization plugin (invitationExpiresIn) and lib/teams/invitations.ts writes it.

export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;
