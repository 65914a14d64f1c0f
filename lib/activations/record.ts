import "server-only";
import type { Transaction } from "kysely";
import type { Database } from "@/lib/db";
import { type ActivationRow, parseCodes, toSnapshot } from "./repository";
import {
  codeFromStatus,
  mergeCodes,
  type ProviderStatus,
  stateFromStatus,
  stateWhenClosedUnanswered,
  statusRetryDelayMs,
} from "./reconcile";
import { type ActivationAction, effectiveState, stateAfter } from "./state-machine";

/**
 * Writes what getStatus revealed into the row, clearing any pending or checking mark. Returns
 * and crediting the pending action to its author if the provider did apply it.
 */
export async function applyProviderStatus(
  trx: Transaction<Database>,
  row: ActivationRow,
  status: ProviderStatus,
  providerNowMs: number,
  localNowMs: number,
): Promise<void> {
  const pendingAction = row.pending_action as ActivationAction | null;
  const codes = parseCodes(row.codes);
  const code = codeFromStatus(status);
  const merged = code ? mergeCodes(codes, [code], null, localNowMs) : codes;
  const state = stateFromStatus(status, {
    pendingAction,
    hasCodes: merged.length > 0,
    lifetimeOver: effectiveState(toSnapshot(row), providerNowMs) === "expired",
  });
  const applied = pendingAction !== null && state === stateAfter(pendingAction);
  await trx
    .updateTable("activations")
    .set({
      state,
      codes: JSON.stringify(merged),
      pending_action: null,
      pending_since: null,
      pending_by: null,
      checking: 0,
      // Any answer ends a getStatus backoff.
      status_failures: 0,
      status_next_at: null,
      updated_at: localNowMs,
      ...(applied
        ? { last_actor: row.pending_by, last_action: pendingAction, last_action_at: localNowMs }
        : {}),
    })
    .where("key_id", "=", row.key_id)
    .where("id", "=", row.id)
    .execute();
}

/**
 * Counts one more failed getStatus for the row and puts off the next one (statusRetryDelayMs).
 * Not a visible change: updated_at stays, so a list fetched meanwhile may still update the row.
 */
export async function recordStatusFailure(
  trx: Transaction<Database>,
  row: ActivationRow,
  intervalMs: number,
  localNowMs: number,
): Promise<number> {
  const failures = Number(row.status_failures) + 1;
  await trx
    .updateTable("activations")
    .set({ status_failures: failures, status_next_at: localNowMs + statusRetryDelayMs(failures, intervalMs) })
    .where("key_id", "=", row.key_id)
    .where("id", "=", row.id)
    .execute();
  return failures;
}

/**
 * Closes a row whose status could not be read and whose lifetime and grace have passed: it has
 * ended on the provider's side; see stateWhenClosedUnanswered for which end we record.
 */
export async function closeUnanswered(trx: Transaction<Database>, row: ActivationRow, localNowMs: number) {
  const state = stateWhenClosedUnanswered(parseCodes(row.codes).length > 0);
  await trx
    .updateTable("activations")
    .set({
      state,
      pending_action: null,
      pending_since: null,
      pending_by: null,
      checking: 0,
      status_next_at: null,
      updated_at: localNowMs,
    })
    .where("key_id", "=", row.key_id)
    .where("id", "=", row.id)
    .execute();
  return state;
}
