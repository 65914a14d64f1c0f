import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements } from "better-auth/plugins/organization/access";

// Two roles per team. Admins hold the provider keys and manage people; operators work the
// activation table. The plugin's own permission checks use these; our action builders check
// the role again on every request (lib/actions/safe-action.ts).

export const TEAM_ROLES = ["admin", "operator"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const accessControl = createAccessControl(defaultStatements);

export const teamRoles = {
  admin: accessControl.newRole({ ...adminAc.statements, organization: ["update", "delete"] }),
  operator: accessControl.newRole({ organization: [], member: [], invitation: [], team: [], ac: [] }),
};

export function isTeamRole(value: unknown): value is TeamRole {
  return typeof value === "string" && (TEAM_ROLES as readonly string[]).includes(value);
}
