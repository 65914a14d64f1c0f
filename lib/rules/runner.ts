import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { type ActivationRow, listActiveRows, parseCodes, toSnapshot } from "@/lib/activations/rows";
import { performAction } from "@/lib/activations/service";
import { getDb } from "@/lib/db";
import { providerNow } from "@/lib/keys/provider-clock";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import { log } from "@/lib/log";
import { type DueAction, dueRuleAction, type RuleSnapshot, type TeamRules } from "./evaluate";
import { ruleActorLabel } from "./label";
import { activeRefusals, refusalId, rememberRefusal } from "./refusals";
import { readTeamRules } from "./settings";

// Runs the team's rules for one key, called by the key's sync holder after each successful pass
// (lib/sync/registry.ts), so exactly one instance of the cluster evaluates a key's rows, on the
// provider's clock just measured by that pass. Each action goes through performAction, the very
// path of a click: the row is claimed before the provider is called, so a human click and a rule
// (or two holders around a lease hand-over) never both reach the provider.

/** At most this many rule actions per pass: the rest wait for the next pass, clicks keep their turn. */
const MAX_ACTIONS_PER_PASS = 10;
/**
 * The rules run inside the key's sync loop, which lists nothing while they run: no new action is
 * started once this much time has gone (each call may take up to the provider timeout).
 */
const RULES_BUDGET_MS = 5_000;

export function ruleSnapshot(row: ActivationRow, keyId: string): RuleSnapshot {
  const last = parseCodes(row.codes).at(-1);
  // Codes stored before providerAt existed: their local time moved by today's clock offset.
  const lastCodeAtMs = last ? (last.providerAt ?? providerNow(keyId, last.at)) : null;
  return { ...toSnapshot(row), busy: row.pending_action !== null || row.checking === 1, lastCodeAtMs };
}

/** The rule's actor: audit rows and the row's "last actor" say "auto (<rule name>)". */
export function ruleActor(due: DueAction): Actor {
  return { id: `rule:${due.rule}`, label: ruleActorLabel(due) };
}

/**
 * Asked again on the locked row, on the provider's clock at that moment: the rules must still call
 * for the same action. A person may have acted since the rows were read (asked for another SMS,
 * and finish is allowed in that state too), and the rule then no longer applies.
 */
export function stillWantedBy(key: ProviderKey, rules: TeamRules, due: DueAction) {
  return (locked: ActivationRow) =>
    dueRuleAction(ruleSnapshot(locked, key.id), rules, key, providerNow(key.id))?.action === due.action;
}

export async function runTeamRules(key: ProviderKey, stillHolds: () => boolean = () => true): Promise<void> {
  try {
    const db = await getDb();
    const rules: TeamRules = await readTeamRules(db, key.teamId);
    if (rules.cancelNoSmsMinutes === null && rules.finishAfterCodeMinutes === null) return;
    const now = providerNow(key.id);
    // In the database, not the process: the next holder after a lease hand-over honours it too.
    const refused = await activeRefusals(db, key.id);
    const due = (await listActiveRows(db, key.id))
      .map((row) => ({ row, due: dueRuleAction(ruleSnapshot(row, key.id), rules, key, now) }))
      .filter((entry): entry is { row: ActivationRow; due: DueAction } => entry.due !== null)
      .filter(({ row, due }) => !refused.has(refusalId(row.id, due.action)))
      .slice(0, MAX_ACTIONS_PER_PASS);
    const startedAt = Date.now();
    for (const { row, due: action } of due) {
      // The key's sync waits for this hook: past the budget, the rest waits for the next pass.
      if (!stillHolds() || Date.now() - startedAt > RULES_BUDGET_MS) return;
      const outcome = await performAction({
        teamId: key.teamId,
        keyId: key.id,
        activationId: row.id,
        action: action.action,
        actor: ruleActor(action),
        stillWanted: stillWantedBy(key, rules, action),
      });
      if (!outcome.ok && outcome.failure.code === "ACTION_NO_LONGER_WANTED") continue;
      if (!outcome.ok) {
        await rememberRefusal(db, key.id, row.id, action.action);
        log.info({ keyId: key.id, activationId: row.id, rule: action.rule, code: outcome.failure.code }, "team rule not applied");
      }
    }
  } catch (error) {
    // Ours (the database): the rules run again after the next pass; sync itself goes on.
    log.warn({ keyId: key.id, err: error instanceof Error ? error.name : typeof error }, "team rules could not run");
  }
}
