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
};

export type AddedMember = {
  member: MemberDto;
  /**
   * Set only when this call created the account: its one-time password, returned this once
   * and stored nowhere but as better-auth's hash. Null when an existing user was added.
   */
  oneTimePassword: string | null;
};

export type CreatedTeam = { teamId: string; teamName: string };
