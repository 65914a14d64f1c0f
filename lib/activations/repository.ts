import "server-only";
import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from "kysely";
import type { Database } from "@/lib/db";
import { forUpdate } from "@/lib/db/engine";
import type { ActivationsTable } from "@/lib/db/schema";
import { publishChange } from "@/lib/db/change-notice";
import { providerNow } from "@/lib/keys/provider-clock";
import {
  codeFromStatus,
  mergeCodes,
  type ProviderStatus,
  stateFromListStatus,
  stateFromStatus,
  stateWhenClosedUnanswered,
  statusRetryDelayMs,
} from "./reconcile";
import { ACTIVE_STATES, type ActivationRow, parseCodes, toSnapshot } from "./rows";
import { type ActivationAction, type ActivationState, effectiveState, stateAfter } from "./state-machine";

// Every write to `activations`, each a named step. On PostgreSQL several instances write at once,
// so a write that depends on what the row holds reads it locked (lockActivation, in the same
// transaction), and the settle of a click is fenced on the claim it made. Each write publishes a
// change notice in its transaction (change-notice.ts), so open tables refetch once it commits.

type Trx = Transaction<Database>;

/**
 * updated_at doubles as the row's version: every write moves it strictly forward (the writer's
 * clock, or one past the old value when that clock is behind: another instance's skew, two writes
 * in one millisecond), so "nobody wrote this row since I read it" is an equality test.
 */
function touched(nowMs: number) {
  // Qualified: in an upsert's DO UPDATE, PostgreSQL would not know the row's from `excluded`'s.
  return sql<number>`CASE WHEN activations.updated_at >= ${nowMs} THEN activations.updated_at + 1 ELSE ${nowMs} END`;
}

/** The row, locked until the transaction ends (PostgreSQL; SQLite serializes writers anyway). */
export async function lockActivation(trx: Trx, keyId: string, id: string): Promise<ActivationRow | undefined> {
  const query = trx.selectFrom("activations").selectAll().where("key_id", "=", keyId).where("id", "=", id);
  return forUpdate(trx, query).executeTakeFirst();
}

/** A click's hold on a row: what it wrote when it claimed it, so its settle can tell it still holds it. */
export type Claim = {
  keyId: string;
  id: string;
  action: ActivationAction;
  /** pending_since as written by the claim. */
  since: number;
  /** The app instance waiting on the provider's answer (lib/sync/instance.ts). */
  instance: string;
  /** Who clicked: credited when the action went through. */
  by: string;
};

/**
 * Marks an action as started, atomically: of two clicks (two tabs, two operators, two instances,
 * a double click) exactly one gets true and goes on to call the provider.
 */
export async function claimPending(trx: Trx, claim: Claim): Promise<boolean> {
  const result = await trx
    .updateTable("activations")
    .set({
      pending_action: claim.action,
      pending_since: claim.since,
      pending_by: claim.by,
      pending_instance: claim.instance,
      updated_at: touched(claim.since),
    })
    .where("key_id", "=", claim.keyId)
    .where("id", "=", claim.id)
    .where("pending_action", "is", null)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await publishChange(trx, claim.keyId);
  return true;
}

const CLEARED = { pending_action: null, pending_since: null, pending_by: null, pending_instance: null } as const;

/**
 * Settles a click only while the row still holds its claim, and returns the row as written (one
 * statement: the click's answer needs the row, and a re-read cost a query per click). Sync may
 * have reconciled it meanwhile (the claiming instance looked dead, or the answer took over a
 * minute): then nothing is written, and null tells the caller to note it in the audit row instead.
 */
async function settle(
  trx: Trx,
  claim: Claim,
  change: Updateable<ActivationsTable>,
  nowMs: number,
): Promise<ActivationRow | null> {
  const written = await trx
    .updateTable("activations")
    .set({ ...change, updated_at: touched(nowMs) })
    .where("key_id", "=", claim.keyId)
    .where("id", "=", claim.id)
    .where("pending_action", "=", claim.action)
    .where("pending_since", "=", claim.since)
    .where("pending_instance", "=", claim.instance)
    .returningAll()
    .executeTakeFirst();
  if (!written) return null;
  await publishChange(trx, claim.keyId);
  return written;
}

/** The provider did it: the row takes the action's state, credited to whoever clicked. */
export function completeAction(trx: Trx, claim: Claim, nowMs: number): Promise<ActivationRow | null> {
  return settle(
    trx,
    claim,
    {
      ...CLEARED,
      state: stateAfter(claim.action),
      checking: 0,
      last_actor: claim.by,
      last_action: claim.action,
      last_action_at: nowMs,
    },
    nowMs,
  );
}

/** The provider refused: the row is as it was, free for another try. */
export function releasePending(trx: Trx, claim: Claim, nowMs: number): Promise<ActivationRow | null> {
  return settle(trx, claim, { ...CLEARED }, nowMs);
}

/** The answer was lost: the row shows "checking" until sync's getStatus learns what happened. */
export function markChecking(trx: Trx, claim: Claim, nowMs: number): Promise<ActivationRow | null> {
  return settle(trx, claim, { checking: 1 }, nowMs);
}

/**
 * Writes what getStatus revealed into the row (read locked), clearing any pending or checking
 * mark and crediting the pending action to its author if the provider did apply it.
 */
export async function applyProviderStatus(
  trx: Trx,
  row: ActivationRow,
  status: ProviderStatus,
  providerNowMs: number,
  localNowMs: number,
): Promise<void> {
  const pendingAction = row.pending_action;
  const codes = parseCodes(row.codes);
  const code = codeFromStatus(status);
  const merged = code ? mergeCodes(codes, [code], null, localNowMs, providerNowMs) : codes;
  const state = stateFromStatus(status, {
    pendingAction,
    hasCodes: merged.length > 0,
    lifetimeOver: effectiveState(toSnapshot(row), providerNowMs) === "expired",
  });
  const applied = pendingAction !== null && state === stateAfter(pendingAction);
  await trx
    .updateTable("activations")
    .set({
      ...CLEARED,
      state,
      codes: JSON.stringify(merged),
      checking: 0,
      // Any answer ends a getStatus backoff.
      status_failures: 0,
      status_next_at: null,
      updated_at: touched(localNowMs),
      ...(applied ? { last_actor: row.pending_by, last_action: pendingAction, last_action_at: localNowMs } : {}),
    })
    .where("key_id", "=", row.key_id)
    .where("id", "=", row.id)
    .execute();
  await publishChange(trx, row.key_id);
}

/**
 * Counts one more failed getStatus for the row (read locked) and puts off the next one. Not a
 * visible change: updated_at stays (the row's version: a list fetched meanwhile may still update
 * it) and no change notice goes out (no table shows the backoff).
 */
export async function recordStatusFailure(trx: Trx, row: ActivationRow, intervalMs: number, localNowMs: number) {
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
 * Closes a row (read locked) whose status could not be read and whose lifetime and grace have
 * passed: it has ended on the provider's side; see stateWhenClosedUnanswered for which end.
 */
export async function closeUnanswered(trx: Trx, row: ActivationRow, localNowMs: number) {
  const state = stateWhenClosedUnanswered(parseCodes(row.codes).length > 0);
  await trx
    .updateTable("activations")
    .set({ ...CLEARED, state, checking: 0, status_next_at: null, updated_at: touched(localNowMs) })
    .where("key_id", "=", row.key_id)
    .where("id", "=", row.id)
    .execute();
  await publishChange(trx, row.key_id);
  return state;
}

export type NewActivation = Omit<Insertable<ActivationsTable>, "origin" | "last_actor" | "last_action" | "last_action_at">;

/**
 * Records a number bought here. Sync may have inserted it first (it is in the provider's list at
 * once): then the order's facts (origin, who bought it) are written onto that row.
 */
export async function insertOrdered(trx: Trx, values: NewActivation, actor: string, nowMs: number): Promise<void> {
  const ordered = { origin: "order", ordered_by: actor, last_actor: actor, last_action: "order", last_action_at: nowMs };
  await trx
    .insertInto("activations")
    .values({ ...values, ...ordered })
    .onConflict((oc) => oc.columns(["key_id", "id"]).doUpdateSet({ ...ordered, updated_at: touched(nowMs) }))
    .execute();
  await publishChange(trx, values.key_id);
}

/** One entry of the provider's list of active activations, as sync merges it. */
export type ListedActivation = {
  /** The row to create when we have none. */
  values: Omit<NewActivation, "state" | "codes" | "checking">;
  activationStatus: string;
  smsCodes: string[];
  smsText: string | null;
  canGetAnotherSms: boolean;
};

/** What the list merge looks at in one of our rows: its version and what the list may change. */
export type ListedRowView = Pick<ActivationRow, "id" | "updated_at" | "state" | "codes" | "can_get_another_sms" | "pending_action">;

/**
 * The key's rows a list may touch (active ones, and those written since `sinceMs`), read once,
 * before the list is fetched. Each row's version (updated_at) then tells whether it was written
 * after the list (an action, an order): such a row is newer than the list, which may not change
 * its state. The rest of the view lets sync skip, without a write, every row the list says
 * nothing new about (listedChangesRow).
 */
export async function readListBaseline(db: Kysely<Database>, keyId: string, sinceMs: number): Promise<Map<string, ListedRowView>> {
  const rows = await db
    .selectFrom("activations")
    .select(["id", "updated_at", "state", "codes", "can_get_another_sms", "pending_action"])
    .where("key_id", "=", keyId)
    .where((eb) => eb.or([eb("state", "in", ACTIVE_STATES), eb("updated_at", ">=", sinceMs)]))
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

type ListedChange = { state: ActivationState; codes: string; can_get_another_sms: number };

/**
 * What merging a listed activation into a row writes, or null for nothing. The list may change
 * the row's state only if nobody wrote the row since before the list was fetched
 * (`versionBeforeFetch`) and no action is pending on it; new codes are always added.
 */
function listedChange(
  row: ListedRowView,
  item: Omit<ListedActivation, "values"> & { values: Pick<ListedActivation["values"], "key_id"> },
  versionBeforeFetch: number | undefined,
  nowMs: number,
): ListedChange | null {
  const ours = parseCodes(row.codes);
  const codes = mergeCodes(ours, item.smsCodes, item.smsText, nowMs, providerNow(item.values.key_id, nowMs));
  const newCode = codes.length > ours.length;
  const listState = stateFromListStatus(item.activationStatus, codes.length > 0);
  const unwrittenSinceFetch = versionBeforeFetch !== undefined && Number(row.updated_at) === versionBeforeFetch;
  let state = row.state;
  if (unwrittenSinceFetch && row.pending_action === null && listState !== null) state = listState;
  // A code that arrived on a running activation is what the operator waits for; an ended one
  // (an action wrote it after the list was fetched) keeps its end and just gains the code.
  if (newCode && ACTIVE_STATES.includes(state)) state = "code_received";
  const canGetAnotherSms = item.canGetAnotherSms ? 1 : 0;
  if (!newCode && state === row.state && row.can_get_another_sms === canGetAnotherSms) return null;
  return { state, codes: JSON.stringify(codes), can_get_another_sms: canGetAnotherSms };
}

/**
 * Whether the list says something new about a row, judged on the row as read before the list was
 * fetched (readListBaseline), without a lock: only these go to mergeListed. Skipping the others
 * is safe: a row the list agrees with as it was then is one mergeListed would leave alone now
 * too (a write since then only makes the list older than the row, which then keeps its state).
 */
export function listedChangesRow(seen: ListedRowView | undefined, item: ListedActivation): boolean {
  // New to us, or not read before (ended long ago, or ordered meanwhile): mergeListed decides.
  if (!seen) return true;
  return listedChange(seen, item, Number(seen.updated_at), 0) !== null;
}

/**
 * Mirrors listed activations, in one transaction. Rows new to us are inserted in one statement
 * (ON CONFLICT DO NOTHING: an order may insert one at the same moment); the others are read
 * locked together, in id order so that two such merges cannot deadlock, and each is written only
 * if listedChange says so. `seen` is readListBaseline's view from before the list was fetched.
 * One change notice when anything changed; returns how many rows changed.
 */
export async function mergeListed(
  trx: Trx,
  keyId: string,
  items: ListedActivation[],
  seen: ReadonlyMap<string, ListedRowView>,
  nowMs: number,
): Promise<number> {
  let changed = 0;
  const inserted = new Set<string>();
  const fresh = items.filter((item) => !seen.has(item.values.id));
  if (fresh.length > 0) {
    const rows = await trx
      .insertInto("activations")
      .values(fresh.map((item) => insertedRow(item, nowMs)))
      .onConflict((oc) => oc.columns(["key_id", "id"]).doNothing())
      .returning("id")
      .execute();
    for (const row of rows) inserted.add(row.id);
    changed += rows.length;
  }
  const existing = items.filter((item) => !inserted.has(item.values.id));
  if (existing.length > 0) {
    const query = trx
      .selectFrom("activations")
      .selectAll()
      .where("key_id", "=", keyId)
      .where(
        "id",
        "in",
        existing.map((item) => item.values.id),
      )
      .orderBy("id");
    const locked = new Map((await forUpdate(trx, query).execute()).map((row) => [row.id, row]));
    for (const item of existing) {
      const row = locked.get(item.values.id);
      if (!row) continue;
      const before = seen.get(row.id);
      const change = listedChange(row, item, before === undefined ? undefined : Number(before.updated_at), nowMs);
      if (!change) continue;
      await trx
        .updateTable("activations")
        .set({ ...change, updated_at: touched(nowMs) })
        .where("key_id", "=", keyId)
        .where("id", "=", row.id)
        .execute();
      changed += 1;
    }
  }
  if (changed > 0) await publishChange(trx, keyId);
  return changed;
}

/**
 * A code the provider pushed (lib/webhooks/): merged into the row (read locked) by the list
 * merge's rule, as if a list had named only this code and no state (so no state but
 * "code received" on a running row), with the same version bump and change notice, so open
 * tables refetch at once. Returns whether the row gained the code (false: it had it already,
 * e.g. from sync); undefined when the key has no such activation.
 */
export async function recordPushedCode(
  trx: Trx,
  keyId: string,
  id: string,
  pushed: { code: string; text: string | null },
  nowMs: number,
): Promise<boolean | undefined> {
  const row = await lockActivation(trx, keyId, id);
  if (!row) return undefined;
  const item = {
    values: { key_id: keyId },
    activationStatus: "",
    smsCodes: [pushed.code],
    smsText: pushed.text,
    canGetAnotherSms: row.can_get_another_sms === 1,
  };
  const change = listedChange(row, item, undefined, nowMs);
  if (!change) return false;
  await trx
    .updateTable("activations")
    .set({ ...change, updated_at: touched(nowMs) })
    .where("key_id", "=", keyId)
    .where("id", "=", id)
    .execute();
  await publishChange(trx, keyId);
  return true;
}

function insertedRow(item: ListedActivation, nowMs: number): Insertable<ActivationsTable> {
  const codes = mergeCodes([], item.smsCodes, item.smsText, nowMs, providerNow(item.values.key_id, nowMs));
  return {
    ...item.values,
    // The batch's own clock: a version taken just before its transaction commits (poll.ts).
    created_at: nowMs,
    updated_at: nowMs,
    state: stateFromListStatus(item.activationStatus, codes.length > 0) ?? "waiting",
    codes: JSON.stringify(codes),
    checking: 0,
    origin: "sync",
  };
}
