import "server-only";
import type { Transaction } from "kysely";
import type { Database } from "@/lib/db";
import { type ActivationRow, parseCodes, toSnapshot } from "./repository";
import { codeFromStatus, mergeCodes, type ProviderStatus, stateFromStatus } from "./reconcile";
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
      updated_at: localNowMs,
      ...(applied
        ? { last_actor: row.pending_by, last_action: pendingAction, last_action_at: localNowMs }
        : {}),
    })
    .where("key_id", "=", row.key_id)
    .where("id", "=", row.id)
    .execute();
}
