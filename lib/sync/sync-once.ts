import "server-only";
import type { Kysely } from "kysely";
import {
  type ListedActivation,
  type ListedRowView,
  listedChangesRow,
  mergeListed,
  readListBaseline,
} from "@/lib/activations/repository";
import { ACTIVE_STATES, listActiveRows } from "@/lib/activations/rows";
import { auditedProviderCall } from "@/lib/audit/provider-call";
import { type Database, getDb } from "@/lib/db";
import { keyBlock } from "@/lib/keys/health";
import { providerClientFor } from "@/lib/keys/provider-client";
import { parseProviderInstant, providerNow } from "@/lib/keys/provider-clock";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import { recordBalance } from "@/lib/keys/repository";
import type { ActiveActivation } from "@/lib/provider";
import type { RequestDeadline } from "@/lib/provider/client";
import { mayStillBeInFlight } from "@/lib/activations/in-flight";
import { liveInstanceIds } from "./instance";
import { fetchActiveList } from "./list-pages";
import { reconcileActivation } from "./reconcile-activation";

// One pass of sync for one key: mirror getActiveActivations (every page of it) into the
// database, then ask getStatus about the rows that left the list or whose action outcome is
// unknown.

/** How often a key's pass walks the list to its empty page even when its short page was enough. */
const WALK_TO_END_EVERY_MS = 60_000;
const lastWalkToEnd = new Map<string, number>();

/** Rows written this recently are versioned before the list is fetched (what the table shows). */
const RECENT_MS = 24 * 60 * 60_000;

export type SyncPassOptions = {
  /**
   * False once this instance no longer holds the key's sync lease (lib/sync/lease.ts): the pass
   * then stops before its next provider call, since another instance may be syncing the key.
   */
  stillHolds?: () => boolean;
  /**
   * What no provider request of the pass may outlive (the lease's local validity): a pass whose lease renewals fail stops calling the provider before another
   * instance may take the lease, instead of finishing a call begun just before.
   */
  deadline?: RequestDeadline;
};

export async function syncKeyOnce(
  key: ProviderKey,
  { stillHolds = () => true, deadline }: SyncPassOptions = {},
): Promise<void> {
  // A banned or rejected key makes no call at all (the loop also waits out the ban).
  if (keyBlock(key) || !stillHolds()) return;
  const db = await getDb();
  // Our rows as they were before the list is asked for (one read): one written after it (an
  // action, an order) is newer than the list, which then may not change its state
  // (repository.ts mergeListed), and one created after it is not missing from it, just newer.
  const before = await readListBaseline(db, key.id, Date.now() - RECENT_MS);
  // Every minute (and on a key's first pass) the walk goes on to the empty page, to find rows a
  // provider capping its pages below ours could hide; in between it stops on a short page once
  // every row we hold as active was on the list (lib/sync/list-pages.ts).
  const walkToEnd = Date.now() - (lastWalkToEnd.get(key.id) ?? 0) >= WALK_TO_END_EVERY_MS;
  const expectedActive = walkToEnd
    ? null
    : new Set(
        [...before]
          .filter(([, row]) => ACTIVE_STATES.includes(row.state))
          .map(([id]) => id),
      );
  const list = await fetchActiveList(
    providerClientFor(key, { priority: "background", deadline }),
    stillHolds,
    expectedActive,
  );
  if (walkToEnd && list.complete) lastWalkToEnd.set(key.id, Date.now());
  await mergeList(db, key, list.rows, before);
  // A page failed after others came: what they said is recorded; the failure then counts like
  // a failed list (key fault, backoff), and no row is asked about on an incomplete list.
  if (list.failure !== undefined) throw list.failure;

  const listed = new Set(list.rows.map((item) => item.activationId));
  const live = await liveInstanceIds(db);
  const now = Date.now();
  for (const row of await listActiveRows(db, key.id)) {
    if (!before.has(row.id)) continue;
    // A click in flight is its instance's to settle; once it cannot be in flight any more (its
    // instance stopped heartbeating, or it is older than any call can last) it lost its answer.
    const stalePending = row.pending_action !== null && !mayStillBeInFlight(row, live, now);
    // Missing from the list means ended only when the list is whole: a row on a page we never
    // got is not missing (no getStatus for every row past a failed or cut-off page).
    const missing = list.complete && !listed.has(row.id) && row.pending_action === null;
    const needsStatus = row.checking === 1 || stalePending || missing;
    // A row whose getStatus keeps failing waits out its backoff (reconcileActivation sets it).
    const backingOff = row.status_next_at !== null && Number(row.status_next_at) > now;
    if (needsStatus && !backingOff) {
      if (!stillHolds()) return;
      await reconcileActivation(key, row, deadline);
    }
  }
}

/** Rows merged per transaction: bounds how long one merge holds its row locks (PostgreSQL) or the writer (SQLite). */
const MERGE_BATCH = 500;

/**
 * Writes what the list says into our rows: only the rows it says something new about (new ones,
 * a new code, a new state), compared in memory with the rows read before the fetch, so a pass
 * over thousands of unchanged rows writes nothing. The rest in batches, one transaction each.
 */
async function mergeList(
  db: Kysely<Database>,
  key: ProviderKey,
  items: ActiveActivation[],
  before: Map<string, ListedRowView>,
) {
  const now = Date.now();
  const changed = items
    .map((item) => toListed(key, item, now))
    .filter((entry) => listedChangesRow(before.get(entry.values.id), entry));
  for (let at = 0; at < changed.length; at += MERGE_BATCH) {
    const batch = changed.slice(at, at + MERGE_BATCH);
    await db.transaction().execute((trx) => mergeListed(trx, key.id, batch, before, Date.now()));
  }
}

function toListed(key: ProviderKey, item: ActiveActivation, now: number): ListedActivation {
  const purchasedAt =
    parseProviderInstant(item.activationTime, key.tzOffsetMinutes) ?? providerNow(key.id, now);
  return {
    values: {
      key_id: key.id,
      id: item.activationId,
      phone: item.phoneNumber,
      service: item.serviceCode,
      country_code: item.countryCode,
      country_name: item.countryName,
      cost: item.activationCost,
      currency: item.currency,
      can_get_another_sms: item.canGetAnotherSms ? 1 : 0,
      purchased_at: purchasedAt,
      expires_at: purchasedAt + key.lifetimeSeconds * 1000,
      created_at: now,
      updated_at: now,
    },
    activationStatus: item.activationStatus,
    smsCodes: item.smsCodes,
    smsText: item.smsText,
    canGetAnotherSms: item.canGetAnotherSms,
  };
}

/**
 * Reads the balance and records it on the key (no audit row: it is polled). A failure is
 * audited, then rethrown for the loop's backoff and fault handling.
 */
export async function syncBalance(key: ProviderKey, deadline?: RequestDeadline): Promise<void> {
  const failure = await auditedProviderCall({
    audit: { team_id: key.teamId, key_id: key.id, actor: "sync", action: "getBalance" },
    call: () => providerClientFor(key, { priority: "background", deadline }).getBalance(),
    auditOk: false,
    record: async (trx, answer, now) => {
      if (!answer.ok) return { value: answer.error };
      await recordBalance(trx, key.id, answer.value, now);
      return { value: null };
    },
  });
  if (failure) throw failure;
}
