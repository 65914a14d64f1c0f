import type { TeamRole } from "@/lib/auth/roles";

// What the team page receives: a member's public face, none of the user row's other columns
// (ARCHITECTURE.md, convention 6). Client-safe: types only.

export type MemberDto = {
  memberId: string;
  userId: string;
  name: string;
  email: string;
  role: TeamRole;
  /** Milliseconds since the epoch: when they joined this team. */
  createdAt: number;
  /**
   * Set while the account still has the one-time password it was created with (its owner has
   * not chosen their own): when it stops signing in (ms since the epoch). Admins may then issue
   * a fresh one; never once the owner has chosen a password.
   */
  oneTimePasswordExpiresAt: number | null;
};

/**
 * "Add member" has two outcomes. A new email: an account with a one-time password, a member at
 * once. An email that already has an account: an invitation its owner accepts or declines,
 * never a silent membership (another team's admin would otherwise choose their role for them).
 */
export type AddedMember =
  | {
      kind: "member";
      member: MemberDto;
      /** The new account's one-time password, returned this once; stored only as its hash. */
      oneTimePassword: string;
    }
  | { kind: "invitation"; invitation: InvitationDto };

/** A pending invitation as the inviting team's admins see it on /team. */
export type InvitationDto = {
  invitationId: string;
  email: string;
  role: TeamRole;
  inviterEmail: string;
  /** ms since the epoch */
  createdAt: number;
  expiresAt: number;
};

/** An invitation as its addressee sees it (on /profile and in the dashboard's banner). */
export type MyInvitationDto = {
  invitationId: string;
  teamName: string;
  role: TeamRole;
  inviterEmail: string;
  createdAt: number;
  expiresAt: number;
};

/** A fresh one-time password for a member who never chose their own, shown once. */
export type ReissuedPassword = { email: string; oneTimePassword: string; expiresAt: number };

export type CreatedTeam = { teamId: string; teamName: string };
