import "server-only";
import { findActivation, listActiveRows, parseCodes } from "@/lib/activations/repository";
import { appendAudit } from "@/lib/audit/append";
import { asProviderError } from "@/lib/activations/as-provider-error";
import { reconcileActivation } from "@/lib/activations/service";
import { mergeCodes, stateFromListStatus } from "@/lib/activations/reconcile";
import { getDb } from "@/lib/db";
import { keyBlock } from "@/lib/keys/health";
import { providerClientFor } from "@/lib/keys/provider-client";
import { parseProviderTime, providerNow } from "@/lib/keys/provider-clock";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import type { ActiveActivation } from "@/lib/provider";

// One pass of sync for one key: mirror getActiveActivations into the database, then ask
// getStatus about the rows that left the list or whose action outcome is unknown.

/** A pending action older than this lost its answer somewhere: reconcile it. */
const STALE_PENDING_MS = 60_000;
/**
 * No provider call survives a restart: an action still pending from before this process
 * started lost its process (a crash, a kill) and is reconciled on the first pass.
 */
const store = globalThis as unknown as { smsDeskProcessStartedAt?: number };
store.smsDeskProcessStartedAt ??= Date.now();
const processStartedAt = store.smsDeskProcessStartedAt;

export async function syncKeyOnce(key: ProviderKey): Promise<void> {
  // A banned or rejected key makes no call at all (the loop also waits out the ban).
  if (keyBlock(key)) return;
  const client = providerClientFor(key);
  const fetchStartedAt = Date.now();
  const list = await client.getActiveActivations();
  const db = await getDb();
  const listed = new Set<string>();
  for (const item of list) {
    listed.add(item.activationId);
    await upsertListed(key, item, fetchStartedAt);
  }

  const now = Date.now();
  for (const row of await listActiveRows(db, key.id)) {
    const pendingSince = Number(row.pending_since);
    const stalePending =
      row.pending_action !== null && (pendingSince < processStartedAt || pendingSince < now - STALE_PENDING_MS);
    const needsStatus = row.checking === 1 || stalePending || (!listed.has(row.id) && row.pending_action === null);
    // A row whose getStatus keeps failing waits out its backoff (reconcileActivation sets it).
    const backingOff = row.status_next_at !== null && Number(row.status_next_at) > now;
    // Rows created after the list was fetched are not missing from it, just newer than it.
    if (needsStatus && !backingOff && Number(row.created_at) < fetchStartedAt) {
      await reconcileActivation(key, row.id);
    }
  }
}

async function upsertListed(key: ProviderKey, item: ActiveActivation, fetchStartedAt: number) {
  const db = await getDb();
  const now = Date.now();
  await db.transaction().execute(async (trx) => {
    const row = await findActivation(trx, key.id, item.activationId);
    if (!row) {
      const purchasedAt =
        parseProviderTime(item.activationTime, key.tzOffsetMinutes) ?? providerNow(key.id, now);
      const codes = mergeCodes([], item.smsCodes, item.smsText, now);
      await trx
        .insertInto("activations")
        .values({
          key_id: key.id,
          id: item.activationId,
          phone: item.phoneNumber,
          service: item.serviceCode,
          country_code: item.countryCode,
          country_name: item.countryName,
          cost: item.activationCost,
          currency: item.currency,
          state: stateFromListStatus(item.activationStatus, codes.length > 0) ?? "waiting",
          codes: JSON.stringify(codes),
          can_get_another_sms: item.canGetAnotherSms ? 1 : 0,
          purchased_at: purchasedAt,
          expires_at: purchasedAt + key.lifetimeSeconds * 1000,
          checking: 0,
          origin: "sync",
          created_at: now,
          updated_at: now,
        })
        .execute();
      return;
    }
    const ours = parseCodes(row.codes);
    const codes = mergeCodes(ours, item.smsCodes, item.smsText, now);
    const listState = stateFromListStatus(item.activationStatus, codes.length > 0);
    // Never let a list fetched before a user's action overwrite what that action recorded.
    const mayChangeState =
      row.pending_action === null && Number(row.updated_at) < fetchStartedAt && listState !== null;
    const newCode = codes.length > ours.length;
    const state = newCode ? "code_received" : mayChangeState ? listState : row.state;
    if (!newCode && state === row.state && row.can_get_another_sms === (item.canGetAnotherSms ? 1 : 0)) {
      return;
    }
    await trx
      .updateTable("activations")
      .set({
        state: row.pending_action === null || newCode ? state : row.state,
        codes: JSON.stringify(codes),
        can_get_another_sms: item.canGetAnotherSms ? 1 : 0,
        updated_at: now,
      })
      .where("key_id", "=", key.id)
      .where("id", "=", item.activationId)
      .execute();
  });
}

/** Reads the balance and records it on the key. A failure is audited, then rethrown. */
export async function syncBalance(key: ProviderKey): Promise<void> {
  const db = await getDb();
  const started = Date.now();
  try {
    const balance = await providerClientFor(key).getBalance();
    await db.updateTable("provider_keys").set({ balance, balance_at: Date.now() }).where("id", "=", key.id).execute();
  } catch (error) {
    const e = asProviderError(error);
    await appendAudit(db, {
      team_id: key.teamId,
      key_id: key.id,
      actor: "sync",
      action: "getBalance",
      outcome: e.outcomeUnknown ? "unknown" : "error",
      result: e.token ?? e.code,
      duration_ms: Date.now() - started,
    });
    throw error;
  }
}
