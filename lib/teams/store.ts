import "server-only";
import type { Kysely, Transaction } from "kysely";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { oneTimePasswordExpiresAt } from "@/lib/auth/one-time-password";
import { isTeamRole } from "@/lib/auth/roles";
import type { Database } from "@/lib/db";
import { epochMs } from "@/lib/db/engine";
import type { AuthDate } from "@/lib/db/schema";
import type { Failure } from "@/lib/result";
import type { MemberDto } from "./dto";

// The team service's database helpers: its audit rows, the per-team write lock, and member rows
// read from better-auth's member and user tables (only the columns the DTO needs).

export type Db = Kysely<Database> | Transaction<Database>;
export type TeamAction =
  | "member.add"
  | "member.role"
  | "member.remove"
  | "member.password_reset"
  | "member.invite"
  | "invitation.accept"
  | "invitation.decline"
  | "invitation.revoke"
  | "team.create";
/** teamId is null only for a refusal that names no team (an invitation id that does not exist). */
export type AuditFacts = { teamId: string | null; actor: Actor; action: TeamAction; detail: string };

export async function audit(db: Db, facts: AuditFacts, refusal?: string) {
  await appendAudit(db, {
    team_id: facts.teamId,
    actor_id: facts.actor.id,
    actor: facts.actor.label,
    action: facts.action,
    detail: facts.detail,
    outcome: refusal ? "refused" : "ok",
    result: refusal ?? "OK",
  });
}

/** Records the refusal and returns it: someone tried what the rules forbid. */
export async function refuse(db: Db, facts: AuditFacts, code: Failure["code"], params?: Failure["params"]) {
  await audit(db, facts, code);
  return { ok: false as const, failure: { code, ...(params ? { params } : {}) } };
}

/**
 * Takes the team's write lock as the transaction's first statement: a no-op update of
 * better-auth's organization row. On SQLite it takes the database write lock (a concurrent
 * transaction waits for our commit instead of counting admins that are about to change); on
 * PostgreSQL it locks the team's row. So two changes to one team's members run one after the
 * other, and "the last admin stays" holds even for two simultaneous demotions.
 */
export async function lockTeam(trx: Transaction<Database>, teamId: string): Promise<boolean> {
  const result = await trx
    .updateTable("organization")
    .set((eb) => ({ name: eb.ref("organization.name") }))
    .where("organization.id", "=", teamId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function memberRows(db: Db, teamId: string) {
  return db
    .selectFrom("member")
    .innerJoin("user", "user.id", "member.userId")
    .leftJoin("password_change_required", "password_change_required.user_id", "member.userId")
    .select([
      "member.id as memberId",
      "member.userId",
      "user.name",
      "user.email",
      "member.role",
      "member.createdAt",
      "password_change_required.since as oneTimePasswordSince",
    ])
    .where("member.organizationId", "=", teamId);
}

type MemberRow = {
  memberId: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  createdAt: AuthDate;
  oneTimePasswordSince: number | null;
};

export function toDto(row: MemberRow): MemberDto | null {
  if (!isTeamRole(row.role)) return null;
  const { memberId, userId, name, email, role, oneTimePasswordSince: since } = row;
  return {
    memberId,
    userId,
    name,
    email,
    role,
    createdAt: epochMs(row.createdAt),
    oneTimePasswordExpiresAt: since === null ? null : oneTimePasswordExpiresAt(Number(since)),
  };
}

export async function adminCount(trx: Transaction<Database>, teamId: string): Promise<number> {
  const row = await trx
    .selectFrom("member")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("organizationId", "=", teamId)
    .where("role", "=", "admin")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
