import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { getAuth } from "@/lib/auth/auth";
import { isTeamRole, type TeamRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { epochMs } from "@/lib/db/engine";
import type { AuthDate } from "@/lib/db/schema";
import type { Outcome } from "@/lib/result";
import type { AddedMember, InvitationDto, MyInvitationDto } from "./dto";
import { INVITATION_TTL_SECONDS } from "./invitation-ttl";
import { type AuditFacts, audit, type Db, lockTeam, refuse } from "./store";

// An email that already has an account is never attached to a team by the team's admin: its
// owner may belong to another team, and the admin would choose their role (admin included) and
// get their attention without asking. So it becomes an invitation that only the account's owner,
// signed in, accepts or declines. Until then the account is not in the member table, so it has
// no session team and no access. Rows live in better-auth's organization-plugin `invitation`
// table (its HTTP routes stay closed), written through Kysely under the team's write lock
// (lockTeam), like members, with an audit row for every step and every refusal.
//
// Statuses: pending, accepted, rejected (declined), canceled (revoked by an admin, replaced
// after it expired, or moot because the person joined meanwhile). Expiry is expiresAt: a
// pending row past it is expired, shown as such to admins and never to its addressee.

const iso = (ms: number) => new Date(ms).toISOString();
const isExpired = (row: { expiresAt: AuthDate }) => epochMs(row.expiresAt) <= Date.now();

function invitationRows(db: Db) {
  return db
    .selectFrom("invitation")
    .innerJoin("user as inviter", "inviter.id", "invitation.inviterId")
    .innerJoin("organization", "organization.id", "invitation.organizationId")
    .select([
      "invitation.id as invitationId",
      "invitation.organizationId as teamId",
      "organization.name as teamName",
      "invitation.email",
      "invitation.role",
      "invitation.status",
      "invitation.createdAt",
      "invitation.expiresAt",
      "inviter.email as inviterEmail",
    ]);
}

type InvitationRow = {
  invitationId: string;
  email: string;
  role: string | null;
  createdAt: AuthDate;
  expiresAt: AuthDate;
  inviterEmail: string;
};

function toDto(row: InvitationRow): InvitationDto | null {
  if (!isTeamRole(row.role)) return null;
  const { invitationId, email, role, inviterEmail } = row;
  return {
    invitationId,
    email,
    role,
    inviterEmail,
    createdAt: epochMs(row.createdAt),
    expiresAt: epochMs(row.expiresAt),
  };
}

/**
 * The invitation half of "add member" (lib/teams/service.ts has checked the role, the name and
 * that the team exists). Refused when the account is already a member (MEMBER_EXISTS, audited
 * as member.add, as before) or already has an open invitation to this team (INVITATION_PENDING:
 * revoke it first to invite with another role; an expired one is replaced).
 */
export async function inviteExistingAccount(
  teamId: string,
  actor: Actor,
  input: { email: string; role: TeamRole; userId: string },
): Promise<Outcome<AddedMember>> {
  const db = await getDb();
  const id = (await getAuth().$context).generateId({ model: "invitation" }) || randomUUID();
  return db.transaction().execute(async (trx) => {
    const facts: AuditFacts = {
      teamId,
      actor,
      action: "member.invite",
      detail: `${input.email} as ${input.role}`,
    };
    if (!(await lockTeam(trx, teamId))) return refuse(trx, facts, "TEAM_NOT_FOUND");
    const member = await trx
      .selectFrom("member")
      .select("id")
      .where("organizationId", "=", teamId)
      .where("userId", "=", input.userId)
      .executeTakeFirst();
    if (member) return refuse(trx, { ...facts, action: "member.add" }, "MEMBER_EXISTS");
    const open = await trx
      .selectFrom("invitation")
      .select(["id", "expiresAt"])
      .where("organizationId", "=", teamId)
      .where("email", "=", input.email)
      .where("status", "=", "pending")
      .execute();
    if (open.some((row) => !isExpired(row)))
      return refuse(trx, facts, "INVITATION_PENDING", { email: input.email });
    if (open.length > 0) {
      await trx
        .updateTable("invitation")
        .set({ status: "canceled" })
        .where(
          "id",
          "in",
          open.map((row) => row.id),
        )
        .execute();
    }
    const now = Date.now();
    await trx
      .insertInto("invitation")
      .values({
        id,
        organizationId: teamId,
        email: input.email,
        role: input.role,
        status: "pending",
        createdAt: iso(now),
        expiresAt: iso(now + INVITATION_TTL_SECONDS * 1000),
        inviterId: actor.id,
      })
      .execute();
    await audit(trx, facts);
    const row = await invitationRows(trx).where("invitation.id", "=", id).executeTakeFirstOrThrow();
    const invitation = toDto(row);
    if (!invitation) throw new Error("unreachable: role was checked");
    return { ok: true as const, value: { kind: "invitation" as const, invitation } };
  });
}

/** The team's open invitations (expired ones too, until revoked or replaced), newest first. */
export async function listInvitations(teamId: string): Promise<InvitationDto[]> {
  const rows = await invitationRows(await getDb())
    .where("invitation.organizationId", "=", teamId)
    .where("invitation.status", "=", "pending")
    .orderBy("invitation.createdAt", "desc")
    .orderBy("invitation.id")
    .execute();
  return rows.flatMap((row) => toDto(row) ?? []);
}

/** Withdraws an open invitation of the admin's team; another team's id is "not found". */
export async function revokeInvitation(
  teamId: string,
  actor: Actor,
  invitationId: string,
): Promise<Outcome<{ invitationId: string }>> {
  const db = await getDb();
  return db.transaction().execute(async (trx) => {
    const facts: AuditFacts = {
      teamId,
      actor,
      action: "invitation.revoke",
      detail: `invitation ${invitationId}`,
    };
    if (!(await lockTeam(trx, teamId))) return refuse(trx, facts, "TEAM_NOT_FOUND");
    const row = await trx
      .selectFrom("invitation")
      .select(["email", "role"])
      .where("id", "=", invitationId)
      .where("organizationId", "=", teamId)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (!row) return refuse(trx, facts, "INVITATION_NOT_FOUND");
    facts.detail = `${row.email} (${row.role})`;
    await trx
      .updateTable("invitation")
      .set({ status: "canceled" })
      .where("id", "=", invitationId)
      .execute();
    await audit(trx, facts);
    return { ok: true as const, value: { invitationId } };
  });
}

/** The signed-in user's open invitations: pending, not expired, to their email. */
export async function listMyInvitations(userId: string): Promise<MyInvitationDto[]> {
  const db = await getDb();
  const user = await db
    .selectFrom("user")
    .select("email")
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) return [];
  const rows = await invitationRows(db)
    .where("invitation.email", "=", user.email.toLowerCase())
    .where("invitation.status", "=", "pending")
    .where("invitation.expiresAt", ">", iso(Date.now()))
    .orderBy("invitation.createdAt", "desc")
    .orderBy("invitation.id")
    .execute();
  return rows.flatMap((row) => {
    const dto = toDto(row);
    return dto ? [{ ...dto, teamName: row.teamName }] : [];
  });
}

export type JoinedTeam = { teamId: string; teamName: string; role: TeamRole };

/**
 * The invitation's addressee joins its team with the role the inviting admin chose. Checked
 * again here, under the team's lock: pending, not expired, addressed to this user's email, the
 * team exists, not a member already, and the user has replaced any one-time password.
 */
export async function acceptInvitation(
  invitee: Actor,
  invitationId: string,
): Promise<Outcome<JoinedTeam>> {
  return answer(invitee, invitationId, "invitation.accept");
}

/** The addressee says no: the invitation is closed, and the team's admins see it in the log. */
export async function declineInvitation(
  invitee: Actor,
  invitationId: string,
): Promise<Outcome<JoinedTeam>> {
  return answer(invitee, invitationId, "invitation.decline");
}

async function answer(
  invitee: Actor,
  invitationId: string,
  action: "invitation.accept" | "invitation.decline",
): Promise<Outcome<JoinedTeam>> {
  const db = await getDb();
  // Which team to lock: read first, then everything is checked again under the lock.
  const teamId =
    (
      await db
        .selectFrom("invitation")
        .select("organizationId")
        .where("id", "=", invitationId)
        .executeTakeFirst()
    )?.organizationId ?? null;
  const memberId = (await getAuth().$context).generateId({ model: "member" }) || randomUUID();
  return db.transaction().execute(async (trx) => {
    const facts: AuditFacts = {
      teamId,
      actor: invitee,
      action,
      detail: `invitation ${invitationId}`,
    };
    if (teamId === null) return refuse(trx, facts, "INVITATION_NOT_FOUND");
    if (!(await lockTeam(trx, teamId))) return refuse(trx, facts, "TEAM_NOT_FOUND");
    const [row, user] = await Promise.all([
      invitationRows(trx).where("invitation.id", "=", invitationId).executeTakeFirst(),
      trx.selectFrom("user").select("email").where("id", "=", invitee.id).executeTakeFirst(),
    ]);
    // Someone else's invitation is "not found" to them: only its addressee may answer it.
    if (!row || !user || row.email !== user.email.toLowerCase() || row.status !== "pending")
      return refuse(trx, facts, "INVITATION_NOT_FOUND");
    facts.detail = `${row.email} as ${row.role}`;
    if (isExpired(row)) return refuse(trx, facts, "INVITATION_EXPIRED");
    const otp = await trx
      .selectFrom("password_change_required")
      .select("user_id")
      .where("user_id", "=", invitee.id)
      .executeTakeFirst();
    if (otp) return refuse(trx, facts, "PASSWORD_CHANGE_REQUIRED");
    const role = row.role;
    if (!isTeamRole(role)) return refuse(trx, facts, "INVALID_INPUT", { details: "role" });
    const close = (status: "accepted" | "rejected" | "canceled") =>
      trx.updateTable("invitation").set({ status }).where("id", "=", invitationId).execute();
    if (action === "invitation.decline") {
      await close("rejected");
      await audit(trx, facts);
      return { ok: true as const, value: { teamId, teamName: row.teamName, role } };
    }
    const existing = await trx
      .selectFrom("member")
      .select("id")
      .where("organizationId", "=", teamId)
      .where("userId", "=", invitee.id)
      .executeTakeFirst();
    if (existing) {
      await close("canceled");
      return refuse(trx, facts, "MEMBER_EXISTS");
    }
    await trx
      .insertInto("member")
      .values({
        id: memberId,
        organizationId: teamId,
        userId: invitee.id,
        role,
        createdAt: iso(Date.now()),
      })
      .execute();
    await close("accepted");
    await audit(trx, facts);
    return { ok: true as const, value: { teamId, teamName: row.teamName, role } };
  });
}
