import "server-only";
import type { Transaction } from "kysely";
import { after } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { auditedProviderCall, type CallOutcome, type Recorded } from "@/lib/audit/provider-call";
import { type Database, getDb } from "@/lib/db";
import { keyBlock, recordKeyFault } from "@/lib/keys/health";
import { providerClientFor } from "@/lib/keys/provider-client";
import { providerNow } from "@/lib/keys/provider-clock";
import { getTeamKey, type ProviderKey } from "@/lib/keys/provider-keys";
import { markKeyUsed } from "@/lib/keys/repository";
import type { Failure, Outcome } from "@/lib/result";
import { instanceId } from "@/lib/sync/instance";
import { requestSync } from "@/lib/sync/sync-requests";
import { phase } from "@/lib/timing";
import type { ActivationDto } from "./dto";
import {
  type Claim,
  claimPending,
  completeAction,
  lockActivation,
  markChecking,
  releasePending,
} from "./repository";
import { type ActivationRow, findActivation, findTeamActivation, toDto, toSnapshot } from "./rows";
import { type ActivationAction, availability, type DisabledReason, SET_STATUS_CODE } from "./state-machine";

// setStatus for a user: find the activation among the caller's team's (another team's id is
// simply not found), guard with the same state machine the buttons use, claim the row so only
// one click reaches the provider, call it once (never retried: a repeated cancel or finish is
// not harmless), and record the call and its outcome together.

type ActionInput = {
  teamId: string;
  /** The key the activation was bought or synced with: ids are only unique per key. */
  keyId: string;
  activationId: string;
  action: ActivationAction;
  actor: Actor;
  /**
   * For an automatic action (lib/rules): whether it is still wanted, asked again of the row once
   * it is locked. A person may have acted meanwhile (asked for another SMS, and finish is allowed
   * in that state too), and the rule then no longer applies. False: nothing is sent.
   */
  stillWanted?: (locked: ActivationRow) => boolean;
};

export async function performAction(input: ActionInput): Promise<Outcome<ActivationDto>> {
  const { teamId, keyId, activationId, action, actor } = input;
  phase("schema", { activationId, action });
  const db = await getDb();
  // Another team's key, or a key of ours that does not hold this id: simply not found.
  const row = await findTeamActivation(db, teamId, keyId, activationId);
  if (!row) return { ok: false, failure: { code: "ACTIVATION_NOT_FOUND" } };
  const key = await getTeamKey(teamId, row.key_id, { enabledOnly: true });
  if (!key) return { ok: false, failure: { code: "KEY_UNAVAILABLE" } };
  const blocked = keyBlock(key);
  if (blocked) return { ok: false, failure: blocked };
  const early = refusal(row, action, key);
  if (early) return { ok: false, failure: early };
  phase("reads");
  const claim: Claim = {
    keyId: key.id,
    id: activationId,
    action,
    since: Date.now(),
    instance: instanceId(),
    by: actor.label,
  };
  const refused: { failure: Failure | null } = { failure: null };
  const outcome = await auditedProviderCall({
    audit: auditFor(key, activationId, action, actor),
    // Claim the row and record the intent together, before the call; sync reconciles the row if
    // this instance dies while the provider answers.
    intent: async (trx) => {
      // Checked again on the row locked: it may have changed since it was read (another click
      // settled, sync merged the provider's list).
      const locked = await lockActivation(trx, key.id, activationId);
      refused.failure = locked ? refusal(locked, action, key) : { code: "ACTIVATION_NOT_FOUND" };
      if (locked && refused.failure === null && input.stillWanted && !input.stillWanted(locked)) {
        refused.failure = { code: "ACTION_NO_LONGER_WANTED" };
      }
      return refused.failure === null && (await claimPending(trx, claim));
    },
    // Never sent (the rate limit failed): the row is free again at once, not "checking".
    release: async (trx, now) => void (await releasePending(trx, claim, now)),
    call: () => providerClientFor(key, { priority: "user" }).setStatus(activationId, SET_STATUS_CODE[action]),
    auditOk: (token) => ({ result: token }),
    onProviderError: (error) => recordKeyFault(key, error),
    record: (trx, answer, now) => recordAnswer(trx, key, claim, answer, now),
  });
  if (outcome === null)
    return { ok: false, failure: refused.failure ?? { code: "ACTION_IN_PROGRESS" } };
  // Sync learns the rest (a code, the provider's view) soon; after a lost answer it asks getStatus.
  requestSyncAfterResponse(key.id);
  phase("after");
  return outcome;
}

/**
 * Asks for a sync pass once the click's response has been sent (Next.js's `after`). Asked at
 * once, the pass (a provider call, then writes on the process's one SQLite connection) ran
 * between the action's end and its response being written, and the click waited for it.
 * Outside a request (tests, scripts) there is no response to wait for: asked at once.
 */
function requestSyncAfterResponse(keyId: string): void {
  try {
    after(() => requestSync(keyId));
  } catch {
    requestSync(keyId);
  }
}

/** Why this click may not go to the provider now (the same rules as the buttons), or null. */
function refusal(row: ActivationRow, action: ActivationAction, key: ProviderKey): Failure | null {
  if (row.pending_action) return { code: row.checking ? "ACTION_CHECKING" : "ACTION_IN_PROGRESS" };
  const check = availability(toSnapshot(row), action, providerNow(key.id), key);
  if (check.allowed) return null;
  const { code, ...params } = check.reason;
  return { code: notAllowedCode(code), params };
}

/** The failure code of a disabled button's reason: each has its message (lib/failure-codes.ts checks). */
function notAllowedCode<C extends DisabledReason["code"]>(code: C): `NOT_ALLOWED_${Uppercase<C>}` {
  return `NOT_ALLOWED_${code.toUpperCase() as Uppercase<C>}`;
}

function auditFor(key: ProviderKey, activationId: string, action: ActivationAction, actor: Actor) {
  return {
    team_id: key.teamId,
    actor_id: actor.id,
    actor: actor.label,
    action: "setStatus",
    key_id: key.id,
    activation_id: activationId,
    detail: `${SET_STATUS_CODE[action]} (${action})`,
  };
}

/** Noted in the outcome row when the settle found its claim gone. */
const RECONCILED_MEANWHILE = "row reconciled by sync meanwhile, not overwritten";

/**
 * Settles the click on the claim it made (see repository.ts settle). If sync reconciled the row
 * meanwhile, the row keeps what getStatus said, the audit row notes it, and the user gets the row.
 */
async function recordAnswer(
  trx: Transaction<Database>,
  key: ProviderKey,
  claim: Claim,
  answer: CallOutcome<string>,
  now: number,
): Promise<Recorded<Outcome<ActivationDto>>> {
  const unknown = !answer.ok && answer.error.outcomeUnknown;
  let written: ActivationRow | null;
  if (answer.ok) {
    written = await completeAction(trx, claim, now);
    await markKeyUsed(trx, key.id, now);
  } else {
    written = unknown ? await markChecking(trx, claim, now) : await releasePending(trx, claim, now);
  }
  const settled = written !== null;
  // Not settled: the row is as sync left it, read here.
  const row = written ?? (await findActivation(trx, claim.keyId, claim.id));
  if (!row) throw new Error("activation vanished during an action");
  const note = settled ? undefined : RECONCILED_MEANWHILE;
  if (answer.ok || (!settled && unknown)) return { value: { ok: true, value: toDto(row) }, note };
  // The provider may or may not have done it. The row shows "checking" and the sync loop asks
  // getStatus until it knows; the user is told now instead of waiting on it.
  if (unknown) return { value: { ok: false, failure: { code: "ACTION_CHECKING" } } };
  const params = answer.error.bannedUntil ? { until: answer.error.bannedUntil } : undefined;
  return { value: { ok: false, failure: { code: answer.error.code, params } }, note };
}
