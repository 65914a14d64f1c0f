import "server-only";
import { sql } from "kysely";
import type { Actor } from "@/lib/auth/actor";
import { getAuth } from "@/lib/auth/auth";
import { oneTimePasswordExpiresAt } from "@/lib/auth/one-time-password";
import { getDb } from "@/lib/db";
import { epochMs } from "@/lib/db/engine";
import type { AuthDate } from "@/lib/db/schema";
import type { Outcome } from "@/lib/result";
import { oneTimePassword } from "./accounts";
import type { ReissuedPassword } from "./dto";
import { type AuditFacts, audit, lockTeam, memberRows, refuse } from "./store";

// A one-time password expires (ONE_TIME_PASSWORD_TTL_HOURS) or gets lost before its owner used
// it: an admin of the member's team issues a fresh one. Only while the account still has the
// one it was created with: once its owner has chosen a password, it is theirs, and no admin can
// replace it (that would hand the admin the account).

/**
 * Replaces the one-time password of a member of the admin's team, signs the account out
 * everywhere (a session opened with the old one ends), and returns the new one this once.
 */
export async function reissueOneTimePassword(
  teamId: string,
  actor: Actor,
  memberId: string,
): Promise<Outcome<ReissuedPassword>> {
  const db = await getDb();
  const ctx = await getAuth().$context;
  const password = oneTimePassword();
  const hash = await ctx.password.hash(password);
  return db.transaction().execute(async (trx) => {
    const facts: AuditFacts = {
      teamId,
      actor,
      action: "member.password_reset",
      detail: `member ${memberId}`,
    };
    if (!(await lockTeam(trx, teamId))) return refuse(trx, facts, "TEAM_NOT_FOUND");
    const row = await memberRows(trx, teamId).where("member.id", "=", memberId).executeTakeFirst();
    if (!row) return refuse(trx, facts, "MEMBER_NOT_FOUND");
    facts.detail = row.email;
    const since = row.oneTimePasswordSince === null ? null : Number(row.oneTimePasswordSince);
    // better-auth's account table is not in our Kysely types: its columns are named here.
    const account = (
      await sql<{ password: string | null; updatedAt: AuthDate | null }>`
        SELECT "password", "updatedAt" FROM "account"
        WHERE "userId" = ${row.userId} AND "providerId" = 'credential'`.execute(trx)
    ).rows[0];
    // The flag is written right after the account, so a password changed since (by its owner,
    // just before the flag's removal) shows as an account newer than the flag: never overwrite it.
    // An unreadable date (NaN) refuses, as an account changed since would.
    const changedAt = !account ? Number.NaN : account.updatedAt === null ? 0 : epochMs(account.updatedAt) || Number.NaN;
    if (since === null || !account?.password || !(changedAt <= since))
      return refuse(trx, facts, "PASSWORD_ALREADY_CHOSEN");
    const now = Date.now();
    await sql`UPDATE "account" SET "password" = ${hash}, "updatedAt" = ${new Date(now).toISOString()}
      WHERE "userId" = ${row.userId} AND "providerId" = 'credential'`.execute(trx);
    await trx
      .updateTable("password_change_required")
      .set({ since: now })
      .where("user_id", "=", row.userId)
      .execute();
    await sql`DELETE FROM "session" WHERE "userId" = ${row.userId}`.execute(trx);
    await audit(trx, facts);
    return {
      ok: true as const,
      value: {
        email: row.email,
        oneTimePassword: password,
        expiresAt: oneTimePasswordExpiresAt(now),
      },
    };
  });
}
