import "server-only";
import type { Kysely, Transaction } from "kysely";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { type Database, getDb } from "@/lib/db";
import type { Failure, Outcome } from "@/lib/result";
import { cancelMinutesRange, type KeyRuleTiming, MAX_FINISH_MINUTES, NO_RULES, type TeamRules } from "./evaluate";

// A team's rules: read by the sync holder after each pass (./runner.ts) and by the settings form,
// changed by admins only (the action is an adminAction), each change and refusal audited.

type Db = Kysely<Database> | Transaction<Database>;

export type TeamRulesView = TeamRules & {
  /** The X this team's keys allow; null when no X fits every key. */
  cancelRange: { min: number; max: number } | null;
  maxFinishMinutes: number;
  updatedBy: string | null;
  updatedAtMs: number | null;
};

export async function readTeamRules(db: Db, teamId: string): Promise<TeamRules> {
  const row = await db
    .selectFrom("team_rules")
    .select(["cancel_no_sms_minutes", "finish_after_code_minutes"])
    .where("team_id", "=", teamId)
    .executeTakeFirst();
  if (!row) return NO_RULES;
  return {
    cancelNoSmsMinutes: row.cancel_no_sms_minutes === null ? null : Number(row.cancel_no_sms_minutes),
    finishAfterCodeMinutes: row.finish_after_code_minutes === null ? null : Number(row.finish_after_code_minutes),
  };
}

/** The timing of the team's keys (disabled ones too: they may be enabled again). */
async function teamKeyTimings(db: Db, teamId: string): Promise<KeyRuleTiming[]> {
  const rows = await db
    .selectFrom("provider_keys")
    .select(["early_cancel_seconds", "lifetime_seconds"])
    .where("team_id", "=", teamId)
    .where("deleted_at", "is", null)
    .execute();
  return rows.map((r) => ({ earlyCancelSeconds: Number(r.early_cancel_seconds), lifetimeSeconds: Number(r.lifetime_seconds) }));
}

export async function getTeamRulesView(teamId: string): Promise<TeamRulesView> {
  const db = await getDb();
  const [rules, timings, row] = await Promise.all([
    readTeamRules(db, teamId),
    teamKeyTimings(db, teamId),
    db.selectFrom("team_rules").select(["updated_by", "updated_at"]).where("team_id", "=", teamId).executeTakeFirst(),
  ]);
  return {
    ...rules,
    cancelRange: cancelMinutesRange(timings),
    maxFinishMinutes: MAX_FINISH_MINUTES,
    updatedBy: row?.updated_by ?? null,
    updatedAtMs: row ? Number(row.updated_at) : null,
  };
}

const auditDetail = (rules: TeamRules) =>
  `cancel if no SMS after: ${rules.cancelNoSmsMinutes ?? "off"}; finish after code: ${rules.finishAfterCodeMinutes ?? "off"}`;

/**
 * Saves the team's rules. X must fit every key of the team (cancelMinutesRange): refused, with
 * the range, rather than clamped, so an admin never believes in a rule that cannot run as set.
 */
export async function saveTeamRules(teamId: string, actor: Actor, rules: TeamRules): Promise<Outcome<TeamRulesView>> {
  const db = await getDb();
  const entry = { team_id: teamId, actor_id: actor.id, actor: actor.label, action: "rules.update", detail: auditDetail(rules) };
  const refusal = await db.transaction().execute(async (trx): Promise<Failure | null> => {
    const x = rules.cancelNoSmsMinutes;
    if (x !== null) {
      const range = cancelMinutesRange(await teamKeyTimings(trx, teamId));
      if (!range || x < range.min || x > range.max) {
        await appendAudit(trx, { ...entry, outcome: "refused", result: "RULE_CANCEL_OUT_OF_RANGE" });
        return range
          ? { code: "RULE_CANCEL_OUT_OF_RANGE", params: { min: range.min, max: range.max } }
          : { code: "RULE_CANCEL_IMPOSSIBLE" };
      }
    }
    const values = {
      cancel_no_sms_minutes: rules.cancelNoSmsMinutes,
      finish_after_code_minutes: rules.finishAfterCodeMinutes,
      updated_by: actor.label,
      updated_at: Date.now(),
    };
    await trx
      .insertInto("team_rules")
      .values({ team_id: teamId, ...values })
      .onConflict((oc) => oc.column("team_id").doUpdateSet(values))
      .execute();
    await appendAudit(trx, { ...entry, outcome: "ok", result: "OK" });
    return null;
  });
  if (refusal) return { ok: false, failure: refusal };
  return { ok: true, value: await getTeamRulesView(teamId) };
}
