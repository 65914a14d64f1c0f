import "server-only";
import type { Kysely, Transaction } from "kysely";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/schema";
import { isLiveTeamKey } from "@/lib/keys/provider-keys";
import type { Outcome } from "@/lib/result";
import { memberRows } from "@/lib/teams/store";
import { utcDayStart } from "./arithmetic";
import { spentToday } from "./spend";

// The limits admins set: one row per team and subject (a member's user id, a key's id). Every
// change is one audit row (limits.key, limits.member) with the values set. Null clears a value.

type Db = Kysely<Database> | Transaction<Database>;

export type KeyLimits = { dailyLimit: number | null; lowBalanceThreshold: number | null };
export type KeyLimitsDto = KeyLimits & { keyId: string; spentToday: number };
export type MemberLimitDto = { memberId: string; email: string; dailyLimit: number | null; spentToday: number };

/** The daily limits in force for an order: the key's and the member's (null when none). */
export async function limitsFor(db: Db, teamId: string, keyId: string, userId: string) {
  const rows = await db
    .selectFrom("spending_limits")
    .select(["scope", "daily_limit"])
    .where("team_id", "=", teamId)
    .where((w) =>
      w.or([
        w.and([w("scope", "=", "key"), w("subject_id", "=", keyId)]),
        w.and([w("scope", "=", "member"), w("subject_id", "=", userId)]),
      ]),
    )
    .where("daily_limit", "is not", null)
    .execute();
  const of = (scope: string) => rows.find((r) => r.scope === scope)?.daily_limit ?? null;
  return { key: of("key"), member: of("member") };
}

/** Each key's low-balance threshold (for the header's banner), by key id. */
export async function lowBalanceThresholds(teamId: string): Promise<Map<string, number>> {
  const rows = await (await getDb())
    .selectFrom("spending_limits")
    .select(["subject_id", "low_balance_threshold"])
    .where("team_id", "=", teamId)
    .where("scope", "=", "key")
    .where("low_balance_threshold", "is not", null)
    .execute();
  return new Map(rows.map((r) => [r.subject_id, Number(r.low_balance_threshold)]));
}

async function teamLimitRows(teamId: string, scope: "key" | "member") {
  const rows = await (await getDb())
    .selectFrom("spending_limits")
    .selectAll()
    .where("team_id", "=", teamId)
    .where("scope", "=", scope)
    .execute();
  return new Map(rows.map((r) => [r.subject_id, r]));
}

const num = (value: number | null | undefined) => (value === null || value === undefined ? null : Number(value));

/** The /keys panel: each live key's limit, threshold and what it spent today. */
export async function listKeyLimits(teamId: string, keyIds: string[]): Promise<KeyLimitsDto[]> {
  const [db, byKey] = [await getDb(), await teamLimitRows(teamId, "key")];
  const dayStart = utcDayStart(Date.now());
  return Promise.all(
    keyIds.map(async (keyId) => ({
      keyId,
      dailyLimit: num(byKey.get(keyId)?.daily_limit),
      lowBalanceThreshold: num(byKey.get(keyId)?.low_balance_threshold),
      spentToday: await spentToday(db, { scope: "key", keyId }, dayStart),
    })),
  );
}

/** The /team panel: each member's limit and what they spent today. */
export async function listMemberLimits(teamId: string): Promise<MemberLimitDto[]> {
  const db = await getDb();
  const [members, byUser] = [await memberRows(db, teamId).orderBy("member.createdAt").execute(), await teamLimitRows(teamId, "member")];
  const dayStart = utcDayStart(Date.now());
  return Promise.all(
    members.map(async (m) => ({
      memberId: m.memberId,
      email: m.email,
      dailyLimit: num(byUser.get(m.userId)?.daily_limit),
      spentToday: await spentToday(db, { scope: "member", teamId, userId: m.userId, email: m.email }, dayStart),
    })),
  );
}

type Change = { scope: "key" | "member"; subjectId: string; values: Partial<{ daily_limit: number | null; low_balance_threshold: number | null }> };

async function saveLimit(trx: Transaction<Database>, teamId: string, actor: Actor, change: Change, now: number) {
  await trx
    .insertInto("spending_limits")
    .values({
      team_id: teamId,
      scope: change.scope,
      subject_id: change.subjectId,
      daily_limit: null,
      low_balance_threshold: null,
      ...change.values,
      updated_by: actor.label,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(["team_id", "scope", "subject_id"]).doUpdateSet({ ...change.values, updated_by: actor.label, updated_at: now }))
    .execute();
}

const shown = (value: number | null) => (value === null ? "none" : String(value));

export async function setKeyLimits(teamId: string, actor: Actor, keyId: string, limits: KeyLimits): Promise<Outcome<{ keyId: string }>> {
  const db = await getDb();
  return db.transaction().execute(async (trx) => {
    if (!(await isLiveTeamKey(trx, teamId, keyId))) return { ok: false as const, failure: { code: "KEY_NOT_FOUND" } };
    const now = Date.now();
    const values = { daily_limit: limits.dailyLimit, low_balance_threshold: limits.lowBalanceThreshold };
    await saveLimit(trx, teamId, actor, { scope: "key", subjectId: keyId, values }, now);
    await appendAudit(trx, {
      team_id: teamId,
      actor_id: actor.id,
      actor: actor.label,
      action: "limits.key",
      key_id: keyId,
      detail: `daily limit ${shown(limits.dailyLimit)}, low balance under ${shown(limits.lowBalanceThreshold)}`,
      outcome: "ok",
      result: "OK",
      at: now,
    });
    return { ok: true as const, value: { keyId } };
  });
}

export async function setMemberLimit(
  teamId: string,
  actor: Actor,
  memberId: string,
  dailyLimit: number | null,
): Promise<Outcome<{ memberId: string; email: string }>> {
  const db = await getDb();
  return db.transaction().execute(async (trx) => {
    const member = await memberRows(trx, teamId).where("member.id", "=", memberId).executeTakeFirst();
    if (!member) return { ok: false as const, failure: { code: "MEMBER_NOT_FOUND" } };
    const now = Date.now();
    await saveLimit(trx, teamId, actor, { scope: "member", subjectId: member.userId, values: { daily_limit: dailyLimit } }, now);
    await appendAudit(trx, {
      team_id: teamId,
      actor_id: actor.id,
      actor: actor.label,
      action: "limits.member",
      detail: `${member.email}: daily limit ${shown(dailyLimit)}`,
      outcome: "ok",
      result: "OK",
      at: now,
    });
    return { ok: true as const, value: { memberId, email: member.email } };
  });
}
