import "server-only";
import type { Kysely } from "kysely";
import { env } from "@/lib/config/env";
import { type Database, getDb } from "@/lib/db";
import { onNoticesResumed } from "@/lib/db/notify";
import { clearKeyFaults, keyBlock, recordKeyFault } from "@/lib/keys/health";
import { providerNow } from "@/lib/keys/provider-clock";
import { getEnabledKey, listEnabledKeyIds, type ProviderKey } from "@/lib/keys/provider-keys";
import { recordSyncStatus } from "@/lib/keys/repository";
import { log } from "@/lib/log";
import { runTeamRules } from "@/lib/rules/runner";
import { runDueSmartBuys } from "@/lib/smart-buy/runner";
import { ProviderError } from "@/lib/provider";
import { instanceId, startHeartbeat } from "./instance";
import { type HeldLease, releaseLeases, takeLease } from "./lease";
import { syncBalance, syncKeyOnce } from "./sync-once";
import { onSyncRequested } from "./sync-requests";

// One sync loop per enabled key in every instance, single-flight: a pass never overlaps the
// previous one, and requests for a sync while one runs fold into one more pass. Requested
// passes also start at most once per REQUESTED_PASS_GAP_MS: a click every 250 ms asked for a
// pass each, whose reads (pages, getStatus, balance) filled the key's provider rate
// (docs/performance.md, "A click's server-side cost"); requests within the gap share one pass.
// Across the cluster only the instance holding the key's lease (lib/sync/lease.ts) runs passes;
// the others' loops just try to take the lease each interval, which is how one takes over when
// the holder dies. Browsers never cause provider calls; they read what these loops wrote.

type Loop = {
  keyId: string;
  running: boolean;
  again: boolean;
  /** A requested pass is scheduled (not yet started): later requests ride on it. */
  requested: boolean;
  /** When (performance.now()) the last pass started; requested passes keep their gap from it. */
  startedAt: number;
  stopped: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  failures: number;
  balanceDueAt: number;
  /** Ours while set: renewed by each pass and by the lease heartbeat. */
  lease: HeldLease | null;
};

type SyncState = {
  started: boolean;
  stopping: boolean;
  checkedAt: number;
  renewTimer: ReturnType<typeof setInterval> | null;
  unsubscribe: Array<() => void>;
};

// On globalThis: instrumentation, route and action bundles each get their own module instances.
const store = globalThis as unknown as { smsDeskSyncLoops?: Map<string, Loop>; smsDeskSyncState?: SyncState };
store.smsDeskSyncLoops ??= new Map<string, Loop>();
store.smsDeskSyncState ??= { started: false, stopping: false, checkedAt: 0, renewTimer: null, unsubscribe: [] };
const loops = store.smsDeskSyncLoops;
const state = store.smsDeskSyncState;

const MAX_BACKOFF_MS = 60_000;
/** A banned or rejected key is looked at again this often, in case an admin fixed it. */
const BROKEN_RECHECK_MS = 60_000;
/** How often requests may re-read the key list to start loops for new keys. */
const KEY_LIST_TTL_MS = 2000;
/** How long a clean stop waits for passes under way to end before releasing their leases. */
const STOP_WAIT_MS = 5000;
/** Requested passes start at most this often (never rarer than the interval's passes). */
const REQUESTED_PASS_GAP_MS = 1000;

/**
 * Starts this instance's part of sync (once per process): the instance heartbeat, the lease
 * heartbeat, sync requests from every instance, and a loop for every enabled key.
 */
export async function startSync(): Promise<void> {
  if (!state.started) {
    state.started = true;
    state.stopping = false;
    startHeartbeat(getDb);
    const ttl = env().SYNC_LEASE_TTL_MS;
    state.renewTimer = setInterval(() => void renewLeases(ttl), Math.max(250, Math.floor(ttl / 3)));
    state.renewTimer.unref?.();
    state.unsubscribe.push(onSyncRequested(poke));
    // Requests sent while the notice connection was down are lost: look at every key again.
    state.unsubscribe.push(
      onNoticesResumed(() => {
        for (const keyId of loops.keys()) poke(keyId);
      }),
    );
  }
  await ensureSyncRunning(true);
}

/** Starts a loop for every enabled key not yet running (cheap when called often). */
export async function ensureSyncRunning(force = false): Promise<void> {
  if (state.stopping) return;
  if (!state.started) return startSync();
  const now = Date.now();
  if (!force && now - state.checkedAt < KEY_LIST_TTL_MS) return;
  state.checkedAt = now;
  // Ids only: this runs on every poll; each loop's pass reads (and decrypts) its own key.
  for (const keyId of await listEnabledKeyIds()) startLoop(keyId);
}

/**
 * A clean stop (SIGTERM): no new pass; passes under way stop before their next provider call;
 * once they have ended, their leases are released so another instance takes over at once. A
 * pass still stuck after STOP_WAIT_MS keeps its lease, which then simply expires. The instance
 * heartbeat goes on: requests still draining may hold clicks in flight, which other instances
 * must not reconcile. It stops only once they are done (instrumentation.ts afterRequests, just
 * before markStopped).
 */
export async function stopSync(): Promise<void> {
  state.stopping = true;
  state.started = false;
  if (state.renewTimer) clearInterval(state.renewTimer);
  state.renewTimer = null;
  for (const unsubscribe of state.unsubscribe.splice(0)) unsubscribe();
  for (const loop of loops.values()) {
    loop.stopped = true;
    if (loop.timer) clearTimeout(loop.timer);
  }
  const deadline = Date.now() + STOP_WAIT_MS;
  while ([...loops.values()].some((l) => l.running) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
  }
  const idle = [...loops.values()].filter((l) => !l.running).map((l) => l.keyId);
  loops.clear();
  const db = await getDb();
  await releaseLeases(db, instanceId(), idle);
}

function startLoop(keyId: string) {
  if (loops.has(keyId) || state.stopping) return;
  const loop: Loop = {
    keyId,
    running: false,
    again: false,
    requested: false,
    startedAt: Number.NEGATIVE_INFINITY,
    stopped: false,
    timer: null,
    failures: 0,
    balanceDueAt: 0,
    lease: null,
  };
  loops.set(keyId, loop);
  schedule(loop, 0);
}

/**
 * A sync request (from any instance): a pass soon, with a fresh balance. At once if none
 * started within the gap, else when the gap ends; one already scheduled or running serves
 * any number of requests with one pass (one more, after a running one: it may have read
 * the list before the request's change).
 */
function poke(keyId: string): void {
  if (state.stopping) return;
  const loop = loops.get(keyId);
  if (!loop) {
    startLoop(keyId);
    return;
  }
  loop.balanceDueAt = 0;
  if (loop.running) loop.again = true;
  else if (!loop.requested) scheduleRequested(loop);
}

/** The requested pass, once the gap since the last pass's start has passed. */
function scheduleRequested(loop: Loop) {
  const gap = Math.min(REQUESTED_PASS_GAP_MS, env().SYNC_INTERVAL_MS);
  schedule(loop, Math.max(0, loop.startedAt + gap - performance.now()));
  loop.requested = true;
}

function schedule(loop: Loop, delayMs: number) {
  if (loop.timer) clearTimeout(loop.timer);
  loop.requested = false;
  loop.timer = setTimeout(() => void pass(loop), delayMs);
  loop.timer.unref?.();
}

/** Ours, under this epoch, by our own clock's bound, and we are not stopping. */
function holds(loop: Loop, epoch: number): boolean {
  return !state.stopping && performance.now() < leaseDeadline(loop, epoch);
}

/** Until when (performance.now()) the lease under `epoch` is surely ours; -Infinity once lost. */
function leaseDeadline(loop: Loop, epoch: number): number {
  return loop.lease?.epoch === epoch ? loop.lease.validUntilMono : Number.NEGATIVE_INFINITY;
}

async function pass(loop: Loop) {
  loop.timer = null;
  if (loop.running || loop.stopped) return;
  loop.running = true;
  loop.requested = false;
  loop.startedAt = performance.now();
  let delay = env().SYNC_INTERVAL_MS;
  try {
    delay = await runPass(loop);
  } catch (error) {
    // Our database, not the provider (runPass handles those): try again after the interval.
    log.warn({ keyId: loop.keyId, err: (error as Error).message }, "sync pass could not run");
  } finally {
    loop.running = false;
    const again = loop.again;
    loop.again = false;
    if (!loop.stopped) {
      if (again) scheduleRequested(loop);
      else schedule(loop, delay);
    }
  }
}

/** One pass if this instance holds (or can take) the key's lease; returns the wait before the next. */
async function runPass(loop: Loop): Promise<number> {
  const { SYNC_INTERVAL_MS, BALANCE_INTERVAL_MS, SYNC_LEASE_TTL_MS } = env();
  const key = await getEnabledKey(loop.keyId).catch(() => null);
  const db = await getDb();
  if (!key) {
    // Disabled or deleted: this key's loop ends until it is enabled again. (A key whose secret
    // cannot be decrypted is not null: it comes back blocked, SECRET_UNREADABLE, and waits below.)
    stopLoop(loop);
    if (loop.lease) await releaseLeases(db, instanceId(), [loop.keyId]);
    return SYNC_INTERVAL_MS;
  }
  if (keyBlock(key)) {
    // Banned or rejected: no call at all until the ban ends or an admin fixes the key.
    // Look again at least every minute (an admin may have fixed the key); timers cannot wait
    // longer than ~24 days anyway.
    const wait = key.bannedUntilMs && !key.brokenCode ? key.bannedUntilMs - Date.now() : BROKEN_RECHECK_MS;
    return Math.min(BROKEN_RECHECK_MS, Math.max(SYNC_INTERVAL_MS, wait));
  }
  const lease = await takeLease(db, key.id, instanceId(), SYNC_LEASE_TTL_MS);
  loop.lease = lease;
  if (!lease) {
    // Another live instance syncs this key: look again next interval (it may die).
    loop.failures = 0;
    return SYNC_INTERVAL_MS;
  }
  const stillHolds = () => holds(loop, lease.epoch);
  // Every provider request of the pass ends by the time the lease may pass to another instance.
  // (Not started with under a second left; a quarter of a short test TTL.)
  const deadline = { at: () => leaseDeadline(loop, lease.epoch), minWindowMs: Math.min(1000, SYNC_LEASE_TTL_MS / 4) };
  try {
    await syncKeyOnce(key, { stillHolds, deadline });
    // The team's rules, once per key across the cluster: only the lease holder gets here.
    if (stillHolds()) await runTeamRules(key, stillHolds);
    if (stillHolds()) await runDueSmartBuys(key, Date.now(), stillHolds);
    if (stillHolds() && Date.now() >= loop.balanceDueAt) {
      await syncBalance(key, deadline);
      loop.balanceDueAt = Date.now() + BALANCE_INTERVAL_MS;
    }
    // Lost the lease mid-pass: the pass stopped early, and the new holder reports on the key.
    if (!stillHolds()) return SYNC_INTERVAL_MS;
    loop.failures = 0;
    if (key.bannedUntilMs !== null) await clearKeyFaults(key);
    await recordSync(db, key, null);
    return SYNC_INTERVAL_MS;
  } catch (error) {
    if (!(error instanceof ProviderError)) {
      // Ours (the database, a request not sent): no fault on the key, no provider backoff; the
      // next pass comes after the normal interval.
      log.warn({ keyId: key.id, err: error instanceof Error ? error.name : typeof error }, "sync pass could not finish");
      return SYNC_INTERVAL_MS;
    }
    loop.failures += 1;
    await recordKeyFault(key, error).catch(() => {});
    log.warn({ keyId: key.id, code: error.code, failures: loop.failures }, "sync pass failed");
    // Only while ours: the new holder's last_error and clock offset are not ours to overwrite.
    if (stillHolds()) await recordSync(db, key, error.code).catch(() => {});
    return backoffMs(SYNC_INTERVAL_MS, loop.failures);
  }
}

function stopLoop(loop: Loop) {
  loop.stopped = true;
  if (loops.get(loop.keyId) === loop) loops.delete(loop.keyId);
}

/** The lease heartbeat: renews every lease this instance holds; a refused renewal means lost. */
async function renewLeases(ttlMs: number): Promise<void> {
  if (state.stopping) return;
  try {
    const db = await getDb();
    // All at once: one after another, the last lease's renewal would wait on every other one's.
    const renewals = [...loops.values()].map(async (loop) => {
      const held = loop.lease;
      if (!held || loop.stopped) return;
      const renewed = await takeLease(db, loop.keyId, instanceId(), ttlMs);
      // A different epoch means someone else held it in between: the pass under way must stop.
      if (loop.lease === held) loop.lease = renewed;
    });
    const failed = (await Promise.allSettled(renewals)).find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    // Keys created on another instance, whose sync request this one may have missed.
    await ensureSyncRunning();
  } catch (error) {
    // Not renewed: each lease's own deadline (validUntilMono) runs out and its pass stops.
    log.warn({ err: (error as Error).message }, "sync lease renewal failed");
  }
}

/**
 * Exponential backoff with "equal jitter": between half and all of base × 2^failures (capped),
 * so keys failing together do not retry in step, and the wait really grows with each failure.
 */
export function backoffMs(baseMs: number, failures: number, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.min(failures, 10));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** The pass's outcome on the key, with the provider clock offset it measured (lib/keys/repository.ts). */
function recordSync(db: Kysely<Database>, key: ProviderKey, errorCode: string | null): Promise<void> {
  const now = Date.now();
  return recordSyncStatus(db, key.id, errorCode, providerNow(key.id, now) - now, now);
}
