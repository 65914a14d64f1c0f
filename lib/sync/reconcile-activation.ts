import "server-only";
import type { Transaction } from "kysely";
import { STATUS_GRACE_MS } from "@/lib/activations/reconcile";
import { applyProviderStatus, closeUnanswered, lockActivation, recordStatusFailure } from "@/lib/activations/repository";
import { ACTIVE_STATES, type ActivationRow } from "@/lib/activations/rows";
import { appendAudit } from "@/lib/audit/append";
import { auditedProviderCall, type CallOutcome, type Recorded } from "@/lib/audit/provider-call";
import { env } from "@/lib/config/env";
import type { Database } from "@/lib/db";
import { recordKeyFault } from "@/lib/keys/health";
import { callSettleBoundMs } from "@/lib/activations/in-flight";
import { providerClientFor } from "@/lib/keys/provider-client";
import { providerNow } from "@/lib/keys/provider-clock";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import type { GetStatusResult } from "@/lib/provider";
import type { RequestDeadline } from "@/lib/provider/client";

/** Noted in the getStatus row when its answer was not applied. */
const WRITTEN_MEANWHILE = "row written meanwhile (an action or an order), answer not applied";

/**
 * Reads the activation's real state with getStatus and records it. A failure is audited and
 * backs off (the row is asked again later, less and less often); once the row's lifetime and a
 * grace period have passed on the provider's clock, it is closed instead, audited once.
 *
 * `seen` is the row as sync read it before the call. The answer is written under the row's lock
 * and only if nobody wrote the row since (its version, updated_at, is unchanged): an action that
 * settled, or a click that claimed the row, while getStatus was under way is newer than the
 * answer. The next pass asks again if the row still needs it.
 */
export async function reconcileActivation(key: ProviderKey, seen: ActivationRow, deadline?: RequestDeadline): Promise<void> {
  await auditedProviderCall({
    audit: { team_id: key.teamId, actor: "sync", action: "getStatus", key_id: key.id, activation_id: seen.id },
    // Bounded by the sync pass's lease (sync-once.ts): a read, harmless to cut off.
    call: () => providerClientFor(key, { priority: "background", deadline }).getStatus(seen.id),
    auditOk: (status) => ({ result: status.status }),
    onProviderError: (error) => recordKeyFault(key, error),
    record: (trx, answer, now) => recordStatus(trx, key, seen, answer, now),
  });
}

async function recordStatus(
  trx: Transaction<Database>,
  key: ProviderKey,
  seen: ActivationRow,
  answer: CallOutcome<GetStatusResult>,
  now: number,
): Promise<Recorded<void>> {
  const row = await lockActivation(trx, key.id, seen.id);
  if (!row) return { value: undefined };
  const unchanged = Number(row.updated_at) === Number(seen.updated_at);
  if (answer.ok) {
    if (!unchanged) return { value: undefined, note: WRITTEN_MEANWHILE };
    await applyProviderStatus(trx, row, answer.value, providerNow(key.id), now);
    return { value: undefined };
  }
  // The provider forgot it: it ended long ago. Record it as over, never as still running.
  if (answer.error.code === "NO_ACTIVATION") {
    if (!unchanged) return { value: undefined, note: WRITTEN_MEANWHILE };
    await applyProviderStatus(trx, row, { status: "CANCEL" }, providerNow(key.id), now);
    return { value: undefined };
  }
  const failures = await recordStatusFailure(trx, row, env().SYNC_INTERVAL_MS, now);
  if (providerNow(key.id, now) < Number(row.expires_at) + STATUS_GRACE_MS) return { value: undefined };
  // Never close over what an action wrote meanwhile, nor under a call still under way.
  const actionInFlight =
    row.pending_action !== null && row.checking === 0 && Number(row.pending_since) > now - callSettleBoundMs();
  if (!unchanged || !ACTIVE_STATES.includes(row.state) || actionInFlight) return { value: undefined };
  const state = await closeUnanswered(trx, row, now);
  await appendAudit(trx, {
    team_id: key.teamId,
    actor: "sync",
    key_id: key.id,
    activation_id: row.id,
    at: now,
    action: "activation.closed",
    outcome: "ok",
    result: state,
    detail: `failures=${failures}`,
  });
  return { value: undefined };
}
