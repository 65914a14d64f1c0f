import "server-only";
import type { Actor } from "@/lib/actions/safe-action";
import { appendAudit } from "@/lib/audit/append";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { providerClientFor } from "@/lib/keys/provider-client";
import { providerNow } from "@/lib/keys/provider-clock";
import { keyBlock, recordKeyFault } from "@/lib/keys/health";
import { getTeamKey, type ProviderKey } from "@/lib/keys/provider-keys";
import type { Outcome } from "@/lib/result";
import { requestSync } from "@/lib/sync/registry";
import { asProviderError } from "./as-provider-error";
import type { ActivationDto } from "./dto";
import { STATUS_GRACE_MS } from "./reconcile";
import { applyProviderStatus, closeUnanswered, recordStatusFailure } from "./record";
import {
  ACTIVE_STATES,
  claimPending,
  findActivation,
  findTeamActivation,
  toDto,
  toSnapshot,
} from "./repository";
import {
  type ActivationAction,
  type ActivationState,
  availability,
  SET_STATUS_CODE,
  stateAfter,
} from "./state-machine";

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
};

export async function performAction(input: ActionInput): Promise<Outcome<ActivationDto>> {
  const { teamId, keyId, activationId, action, actor } = input;
  const db = await getDb();
  // Another team's key, or a key of ours that does not hold this id: simply not found.
  const row = await findTeamActivation(db, teamId, keyId, activationId);
  if (!row) return { ok: false, failure: { code: "ACTIVATION_NOT_FOUND" } };
  const key = await getTeamKey(teamId, row.key_id, { enabledOnly: true });
  if (!key) return { ok: false, failure: { code: "KEY_UNAVAILABLE" } };
  const blocked = keyBlock(key);
  if (blocked) return { ok: false, failure: blocked };
  if (row.pending_action) {
    return { ok: false, failure: { code: row.checking ? "ACTION_CHECKING" : "ACTION_IN_PROGRESS" } };
  }
  const check = availability(toSnapshot(row), action, providerNow(key.id), key);
  if (!check.allowed) {
    const { code, ...params } = check.reason;
    return { ok: false, failure: { code: `NOT_ALLOWED_${code.toUpperCase()}`, params } };
  }
  // Claim the row and record the intent together, before the call: if this process dies while
  // the provider answers, the log still shows what was sent, and sync reconciles the row.
  const claimed = await db.transaction().execute(async (trx) => {
    if (!(await claimPending(trx, key.id, activationId, action, actor.label, Date.now()))) return false;
    await appendAudit(trx, { ...auditFor(key, activationId, action, actor), outcome: "sent", result: "PENDING" });
    return true;
  });
  if (!claimed) return { ok: false, failure: { code: "ACTION_IN_PROGRESS" } };
  return callProvider(key, activationId, action, actor);
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

async function callProvider(
  key: ProviderKey,
  activationId: string,
  action: ActivationAction,
  actor: Actor,
): Promise<Outcome<ActivationDto>> {
  const db = await getDb();
  const started = Date.now();
  const audit = auditFor(key, activationId, action, actor);
  const where = { key_id: key.id, id: activationId };
  try {
    const token = await providerClientFor(key).setStatus(activationId, SET_STATUS_CODE[action]);
    const now = Date.now();
    await db.transaction().execute(async (trx) => {
      await appendAudit(trx, { ...audit, at: now, outcome: "ok", result: token, duration_ms: now - started });
      await trx
        .updateTable("activations")
        .set({
          state: stateAfter(action),
          pending_action: null,
          pending_since: null,
          pending_by: null,
          last_actor: actor.label,
          last_action: action,
          last_action_at: now,
          updated_at: now,
        })
        .where("key_id", "=", where.key_id)
        .where("id", "=", where.id)
        .execute();
      await trx.updateTable("provider_keys").set({ last_used_at: now }).where("id", "=", key.id).execute();
    });
    requestSync(key.id);
    return { ok: true, value: await currentDto(key.id, activationId) };
  } catch (error) {
    const providerError = asProviderError(error);
    await recordKeyFault(key, providerError);
    const now = Date.now();
    const unknown = providerError.outcomeUnknown;
    await db.transaction().execute(async (trx) => {
      await appendAudit(trx, {
        ...audit,
        at: now,
        outcome: unknown ? "unknown" : "error",
        result: providerError.token ?? providerError.code,
        duration_ms: now - started,
      });
      await trx
        .updateTable("activations")
        .set(
          unknown
            ? { checking: 1, updated_at: now }
            : { pending_action: null, pending_since: null, pending_by: null, updated_at: now },
        )
        .where("key_id", "=", where.key_id)
        .where("id", "=", where.id)
        .execute();
    });
    if (unknown) {
      // The provider may or may not have done it. The row shows "checking" and the sync loop
      // asks getStatus until it knows; the user is told now instead of waiting on it.
      requestSync(key.id);
      return { ok: false, failure: { code: "ACTION_CHECKING" } };
    }
    const params = providerError.bannedUntil ? { until: providerError.bannedUntil } : undefined;
    return { ok: false, failure: { code: providerError.code, params } };
  }
}

/**
 * Reads the activation's real state with getStatus and records it. A failure is audited and
 * backs off (the row is asked again later, less and less often); once the row's lifetime and a
 * grace period have passed on the provider's clock, it is closed instead, audited once.
 */
export async function reconcileActivation(key: ProviderKey, activationId: string): Promise<void> {
  const db = await getDb();
  const started = Date.now();
  const audit = {
    team_id: key.teamId,
    actor: "sync",
    action: "getStatus",
    key_id: key.id,
    activation_id: activationId,
  };
  try {
    const status = await providerClientFor(key).getStatus(activationId);
    const now = Date.now();
    await db.transaction().execute(async (trx) => {
      const row = await findActivation(trx, key.id, activationId);
      if (!row) return;
      await appendAudit(trx, { ...audit, at: now, outcome: "ok", result: status.status, duration_ms: now - started });
      await applyProviderStatus(trx, row, status, providerNow(key.id), now);
    });
  } catch (error) {
    const providerError = asProviderError(error);
    await recordKeyFault(key, providerError);
    const now = Date.now();
    await db.transaction().execute(async (trx) => {
      await appendAudit(trx, {
        ...audit,
        at: now,
        outcome: providerError.outcomeUnknown ? "unknown" : "error",
        result: providerError.token ?? providerError.code,
        duration_ms: now - started,
      });
      const row = await findActivation(trx, key.id, activationId);
      if (!row) return;
      // The provider forgot it: it ended long ago. Record it as over, never as still running.
      if (providerError.code === "NO_ACTIVATION") {
        await applyProviderStatus(trx, row, { status: "CANCEL" }, providerNow(key.id), now);
        return;
      }
      const failures = await recordStatusFailure(trx, row, env().SYNC_INTERVAL_MS, now);
      if (providerNow(key.id, now) < Number(row.expires_at) + STATUS_GRACE_MS) return;
      // Never close over what an action wrote meanwhile, nor under a call still under way.
      const actionInFlight =
        row.pending_action !== null && row.checking === 0 && Number(row.pending_since) > now - 60_000;
      if (!ACTIVE_STATES.includes(row.state as ActivationState) || actionInFlight) return;
      const state = await closeUnanswered(trx, row, now);
      await appendAudit(trx, {
        ...audit,
        at: now,
        action: "activation.closed",
        outcome: "ok",
        result: state,
        detail: `failures=${failures}`,
      });
    });
  }
}

async function currentDto(keyId: string, activationId: string): Promise<ActivationDto> {
  const row = await findActivation(await getDb(), keyId, activationId);
  if (!row) throw new Error("activation vanished during an action");
  return toDto(row);
}
