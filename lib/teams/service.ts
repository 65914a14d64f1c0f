import "server-only";
import { randomUUID } from "node:crypto";
import { APIError } from "better-auth/api";
import type { Actor } from "@/lib/auth/actor";
import { getAuth } from "@/lib/auth/auth";
import { normalizeEmail } from "@/lib/auth/email";
import { isTeamRole, type TeamRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import type { Outcome } from "@/lib/result";
import { createPasswordAccount } from "./accounts";
import type { AddedMember, CreatedTeam, MemberDto } from "./dto";
import { inviteExistingAccount } from "./invitations";
import { type AuditFacts, adminCount, audit, lockTeam, memberRows, refuse, toDto } from "./store";
import { teamSlug } from "./slug";

// Team management for admins (teams are better-auth organizations). Every function takes the
// team and the actor explicitly; the caller (a server action) has already checked that the actor
// is an admin of that team. Each change, and each refusal, leaves one audit row.
//
// Membership writes go to better-auth's member table through Kysely, not through
// auth.api.addMember/updateMemberRole/removeMember: the latter two need a request session to run
// their own permission checks, and none of the three can hold the "last admin" and "already a
// member" checks and the write in one transaction. Ours do (see lockTeam in ./store).

/** The team's members, oldest first: DTOs only, none of the user row's other columns. */
export async function listMembers(teamId: string): Promise<MemberDto[]> {
  const db = await getDb();
  const rows = await memberRows(db, teamId)
    .orderBy("member.createdAt")
    .orderBy("member.id")
    .execute();
  return rows.flatMap((row) => toDto(row) ?? []);
}

export type NewMember = { email: string; name: string; role: TeamRole };

/**
 * "Add member" by email. A new email gets an account and joins at once, with a one-time password
 * returned in the outcome this once (nothing else keeps it). An email that already has an
 * account gets an invitation instead (./invitations): its owner accepts or declines it; nobody
 * else's admin attaches their account to a team.
 */
export async function addMember(
  teamId: string,
  actor: Actor,
  input: NewMember,
): Promise<Outcome<AddedMember>> {
  const email = normalizeEmail(input.email);
  const facts: AuditFacts = {
    teamId,
    actor,
    action: "member.add",
    detail: `${email} as ${input.role}`,
  };
  const name = input.name.trim();
  const db = await getDb();
  if (!isTeamRole(input.role)) return refuse(db, facts, "INVALID_INPUT", { details: "role" });
  if (name.length < 1 || name.length > 100) {
    return refuse(db, facts, "INVALID_INPUT", { details: "name" });
  }
  const team = await db
    .selectFrom("organization")
    .select("id")
    .where("id", "=", teamId)
    .executeTakeFirst();
  // Checked before creating an account, so a refusal leaves no stray user behind.
  if (!team) return refuse(db, facts, "TEAM_NOT_FOUND");

  const existing = await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirst();
  // Null also when a concurrent request created the email a moment ago: then it is someone
  // else's account, and it is invited like any other.
  const created = existing ? null : await createPasswordAccount(email, name);
  if (!created) {
    const userId =
      existing?.id ??
      (await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
    return inviteExistingAccount(teamId, actor, { email, role: input.role, userId });
  }
  const memberId = (await getAuth().$context).generateId({ model: "member" }) || randomUUID();

  return db.transaction().execute(async (trx) => {
    if (!(await lockTeam(trx, teamId))) return refuse(trx, facts, "TEAM_NOT_FOUND");
    await trx
      .insertInto("member")
      .values({
        id: memberId,
        organizationId: teamId,
        userId: created.userId,
        role: input.role,
        createdAt: new Date().toISOString(),
      })
      .execute();
    // A concurrent add of the same email may have invited the account this call created.
    await trx
      .updateTable("invitation")
      .set({ status: "canceled" })
      .where("organizationId", "=", teamId)
      .where("email", "=", email)
      .where("status", "=", "pending")
      .execute();
    await audit(trx, { ...facts, detail: `${facts.detail} (new account)` });
    const row = await memberRows(trx, teamId)
      .where("member.userId", "=", created.userId)
      .executeTakeFirstOrThrow();
    const member = toDto(row);
    if (!member) throw new Error("member row has an unknown role");
    return {
      ok: true as const,
      value: { kind: "member" as const, member, oneTimePassword: created.password },
    };
  });
}

/** Changes a member's role; the team's last admin cannot be demoted. */
export async function changeRole(
  teamId: string,
  actor: Actor,
  memberId: string,
  role: TeamRole,
): Promise<Outcome<MemberDto>> {
  const db = await getDb();
  return db.transaction().execute(async (trx) => {
    const facts: AuditFacts = {
      teamId,
      actor,
      action: "member.role",
      detail: `member ${memberId} to ${role}`,
    };
    if (!isTeamRole(role)) return refuse(trx, facts, "INVALID_INPUT", { details: "role" });
    if (!(await lockTeam(trx, teamId))) return refuse(trx, facts, "TEAM_NOT_FOUND");
    // Scoped to the team: a member id of another team is "not found", never acted on.
    const row = await memberRows(trx, teamId).where("member.id", "=", memberId).executeTakeFirst();
    if (!row) return refuse(trx, facts, "MEMBER_NOT_FOUND");
    facts.detail = `${row.email}: ${row.role} to ${role}`;
    const current = toDto(row);
    if (current && row.role === role) return { ok: true as const, value: current };
    if (row.role === "admin" && (await adminCount(trx, teamId)) <= 1)
      return refuse(trx, facts, "LAST_ADMIN");
    await trx
      .updateTable("member")
      .set({ role })
      .where("id", "=", memberId)
      .where("organizationId", "=", teamId)
      .execute();
    await audit(trx, facts);
    const member = toDto({ ...row, role });
    if (!member) throw new Error("unreachable: role was checked");
    return { ok: true as const, value: member };
  });
}

/** Removes a member from the team (their account stays). The last admin cannot leave. */
export async function removeMember(
  teamId: string,
  actor: Actor,
  memberId: string,
): Promise<Outcome<{ memberId: string }>> {
  const db = await getDb();
  return db.transaction().execute(async (trx) => {
    const facts: AuditFacts = {
      teamId,
      actor,
      action: "member.remove",
      detail: `member ${memberId}`,
    };
    if (!(await lockTeam(trx, teamId))) return refuse(trx, facts, "TEAM_NOT_FOUND");
    const row = await memberRows(trx, teamId).where("member.id", "=", memberId).executeTakeFirst();
    if (!row) return refuse(trx, facts, "MEMBER_NOT_FOUND");
    facts.detail = `${row.email} (${row.role})`;
    // Covers an admin removing themselves: allowed only while another admin remains.
    if (row.role === "admin" && (await adminCount(trx, teamId)) <= 1)
      return refuse(trx, facts, "LAST_ADMIN");
    await trx
      .deleteFrom("member")
      .where("id", "=", memberId)
      .where("organizationId", "=", teamId)
      .execute();
    await audit(trx, facts);
    return { ok: true as const, value: { memberId } };
  });
}


/** A new team whose creator is its admin (better-auth's creatorRole), audited under the new team. */
export async function createTeam(actor: Actor, name: string): Promise<Outcome<CreatedTeam>> {
  const teamName = name.trim();
  if (teamName.length < 1 || teamName.length > 100)
    return { ok: false, failure: { code: "INVALID_INPUT", params: { details: "name" } } };
  const db = await getDb();
  // No headers on purpose: with a userId and no session better-auth treats this as a server
  // call, which allowUserToCreateOrganization: false permits (a browser request cannot).
  const team = await getAuth().api.createOrganization({
    body: {
      name: teamName,
      slug: teamSlug(teamName),
      userId: actor.id,
      keepCurrentActiveOrganization: true,
    },
  });
  await audit(db, { teamId: team.id, actor, action: "team.create", detail: teamName });
  return { ok: true, value: { teamId: team.id, teamName: team.name } };
}

/**
 * Makes teamId the session's active team (better-auth remembers it on the session row), for the
 * header's team switcher. Only to a team the user belongs to.
 */
export async function setActiveTeam(
  headers: Headers,
  userId: string,
  teamId: string,
): Promise<Outcome<{ teamId: string }>> {
  const db = await getDb();
  const membership = await db
    .selectFrom("member")
    .select("id")
    .where("organizationId", "=", teamId)
    .where("userId", "=", userId)
    .executeTakeFirst();
  if (!membership) return { ok: false, failure: { code: "TEAM_NOT_FOUND" } };
  try {
    await getAuth().api.setActiveOrganization({ headers, body: { organizationId: teamId } });
  } catch (error) {
    // The session in the headers is not this user's, or the membership went away just now.
    if (error instanceof APIError) return { ok: false, failure: { code: "TEAM_NOT_FOUND" } };
    throw error;
  }
  return { ok: true, value: { teamId } };
}
