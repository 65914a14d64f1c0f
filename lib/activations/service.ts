import "server-only";
import { getDb } from "@/lib/db";
import { providerClientFor } from "@/lib/keys/provider-client";
import { providerNow } from "@/lib/keys/provider-clock";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import type { Outcome } from "@/lib/result";
import { requestSync } from "@/lib/sync/registry";
import type { ActivationDto } from "./dto";
import { asProviderError } from "./as-provider-error";
import { applyProviderStatus } from "./record";
import { claimPending, findActivation, recordEvent, toDto, toSnapshot } from "./repository";
import { type ActivationAction, availability, SET_STATUS_CODE, stateAfter } from "./state-machine";

// setStatus for a user: guard with the same state machine the buttons use, claim the row so
// only one click reaches the provider, call it once (never retried: a repeated cancel or finish
// is not harmless), and record the call and its outcome together.

type ActionInput = { key: ProviderKey; activationId: string; action: ActivationAction; actor: string };

export async function performAction(input: ActionInput): Promise<Outcome<ActivationDto>> {
  const { key, activationId, action, actor } = input;
  const db = await getDb();
  const row = await findActivation(db, key.id, activationId);
  if (!row) return { ok: false, failure: { code: "ACTIVATION_NOT_FOUND" } };
  if (row.pending_action) {
    return { ok: false, failure: { code: row.checking ? "ACTION_CHECKING" : "ACTION_IN_PROGRESS" } };
  }
  const check = availability(toSnapshot(row), action, providerNow(key.id), key);
  if (!check.allowed) {
    const { code, ...params } = check.reason;
    return { ok: false, failure: { code: `NOT_ALLOWED_${code.toUpperCase()}`, params } };
  }
  if (!(await claimPending(db, key.id, activationId, action, actor, Date.now()))) {
    return { ok: false, failure: { code: "ACTION_IN_PROGRESS" } };
  }

  const started = Date.now();
  const event = {
    key_id: key.id,
    activation_id: activationId,
    action: "setStatus",
    detail: String(SET_STATUS_CODE[action]),
    actor,
  };
  try {
    const token = await providerClientFor(key).setStatus(activationId, SET_STATUS_CODE[action]);
    const now = Date.now();
    await db.transaction().execute(async (trx) => {
      await recordEvent(trx, { ...event, at: now, outcome: "ok", result: token, duration_ms: now - started });
      await trx
        .updateTable("activations")
        .set({
          state: stateAfter(action),
          pending_action: null,
          pending_since: null,
          pending_by: null,
          last_actor: actor,
          last_action: action,
          last_action_at: now,
          updated_at: now,
        })
        .where("key_id", "=", key.id)
        .where("id", "=", activationId)
        .execute();
    });
    requestSync(key.id);
    return { ok: true, value: await currentDto(key.id, activationId) };
  } catch (error) {
    const providerError = asProviderError(error);
    const now = Date.now();
    const outcome = providerError.outcomeUnknown ? "unknown" : "error";
    await db.transaction().execute(async (trx) => {
      await recordEvent(trx, {
        ...event,
        at: now,
        outcome,
        result: providerError.token ?? providerError.code,
        duration_ms: now - started,
      });
      await trx
        .updateTable("activations")
        .set(
          providerError.outcomeUnknown
            ? { checking: 1, updated_at: now }
            : { pending_action: null, pending_since: null, pending_by: null, updated_at: now },
        )
        .where("key_id", "=", key.id)
        .where("id", "=", activationId)
        .execute();
    });
    if (providerError.outcomeUnknown) {
      // The provider may or may not have done it. The row shows "checking" and the sync loop
      // asks getStatus until it knows; the user is told now instead of waiting on it.
      requestSync(key.id);
      return { ok: false, failure: { code: "ACTION_CHECKING" } };
    }
    const params = providerError.bannedUntil ? { until: providerError.bannedUntil } : undefined;
    return { ok: false, failure: { code: providerError.code, params } };
  }
}

/** Reads the activation's real state with getStatus and records it. Null if the call failed. */
export async function reconcileActivation(
  key: ProviderKey,
  activationId: string,
): Promise<{ applied: boolean } | null> {
  const db = await getDb();
  const started = Date.now();
  const event = { key_id: key.id, activation_id: activationId, action: "getStatus", detail: null, actor: "sync" };
  try {
    const status = await providerClientFor(key).getStatus(activationId);
    const now = Date.now();
    return await db.transaction().execute(async (trx) => {
      const row = await findActivation(trx, key.id, activationId);
      if (!row) return { applied: false };
      await recordEvent(trx, { ...event, at: now, outcome: "ok", result: status.status, duration_ms: now - started });
      return applyProviderStatus(trx, row, status, providerNow(key.id), now);
    });
  } catch (error) {
    const providerError = asProviderError(error);
    const now = Date.now();
    await recordEvent(db, {
      ...event,
      at: now,
      outcome: providerError.outcomeUnknown ? "unknown" : "error",
      result: providerError.token ?? providerError.code,
      duration_ms: now - started,
    });
    if (providerError.code === "NO_ACTIVATION") {
      // The provider forgot it: it ended long ago. Record it as over, never as still running.
      await db.transaction().execute(async (trx) => {
        const row = await findActivation(trx, key.id, activationId);
        if (row) await applyProviderStatus(trx, row, { status: "CANCEL" }, providerNow(key.id), now);
      });
      return { applied: false };
    }
    return null;
  }
}

async function currentDto(keyId: string, activationId: string): Promise<ActivationDto> {
  const row = await findActivation(await getDb(), keyId, activationId);
  if (!row) throw new Error("activation vanished during an action");
  return toDto(row);
}
