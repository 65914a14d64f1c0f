import "server-only";
import { asProviderError } from "@/lib/activations/as-provider-error";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { providerNow } from "@/lib/keys/provider-clock";
import { clearKeyFaults, keyBlock, recordKeyFault } from "@/lib/keys/health";
import { getEnabledKey, listEnabledKeyIds, type ProviderKey } from "@/lib/keys/provider-keys";
import { log } from "@/lib/log";
import { syncBalance, syncKeyOnce } from "./sync-once";

// One sync loop per enabled key per server process, single-flight: a pass never overlaps the
// previous one, and requests for a sync while one runs fold into one more pass. Browsers never
// cause provider calls; they read what these loops wrote.

type Loop = {
  keyId: string;
  running: boolean;
  again: boolean;
  stopped: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  failures: number;
  balanceDueAt: number;
};

const store = globalThis as unknown as { smsDeskSyncLoops?: Map<string, Loop>; smsDeskSyncCheckedAt?: number };
store.smsDeskSyncLoops ??= new Map<string, Loop>();
const loops = store.smsDeskSyncLoops;

const MAX_BACKOFF_MS = 60_000;
/** A banned or rejected key is looked at again this often, in case an admin fixed it. */
const BROKEN_RECHECK_MS = 60_000;
/** How often requests may re-read the key list to start loops for new keys. */
const KEY_LIST_TTL_MS = 2000;

/** Starts a loop for every enabled key not yet running (cheap when called often). */
export async function ensureSyncRunning(force = false): Promise<void> {
  const now = Date.now();
  if (!force && now - (store.smsDeskSyncCheckedAt ?? 0) < KEY_LIST_TTL_MS) return;
  store.smsDeskSyncCheckedAt = now;
  // Ids only: this runs on every poll; each loop's pass reads (and decrypts) its own key.
  for (const keyId of await listEnabledKeyIds()) startLoop(keyId);
}

function startLoop(keyId: string) {
  if (loops.has(keyId)) return;
  const loop: Loop = { keyId, running: false, again: false, stopped: false, timer: null, failures: 0, balanceDueAt: 0 };
  loops.set(keyId, loop);
  schedule(loop, 0);
}

/** Asks for a pass soon (after an action, an order or a key change), with a fresh balance. */
export function requestSync(keyId: string): void {
  const loop = loops.get(keyId);
  if (!loop) {
    startLoop(keyId);
    return;
  }
  loop.balanceDueAt = 0;
  if (loop.running) loop.again = true;
  else schedule(loop, 0);
}

function schedule(loop: Loop, delayMs: number) {
  if (loop.timer) clearTimeout(loop.timer);
  loop.timer = setTimeout(() => void pass(loop), delayMs);
  loop.timer.unref?.();
}

async function pass(loop: Loop) {
  loop.timer = null;
  if (loop.running || loop.stopped) return;
  const key = await getEnabledKey(loop.keyId).catch(() => null);
  if (!key) {
    // Disabled or deleted: this key's loop ends until it is enabled again. (A key whose secret
    // cannot be decrypted is not null: it comes back blocked, SECRET_UNREADABLE, and waits below.)
    loop.stopped = true;
    loops.delete(loop.keyId);
    return;
  }
  const { SYNC_INTERVAL_MS, BALANCE_INTERVAL_MS } = env();
  const blocked = keyBlock(key);
  if (blocked) {
    // Banned or rejected: no call at all until the ban ends or an admin fixes the key.
    // Look again at least every minute (an admin may have fixed the key); timers cannot wait
    // longer than ~24 days anyway.
    const wait = key.bannedUntilMs && !key.brokenCode ? key.bannedUntilMs - Date.now() : BROKEN_RECHECK_MS;
    schedule(loop, Math.min(BROKEN_RECHECK_MS, Math.max(SYNC_INTERVAL_MS, wait)));
    return;
  }
  loop.running = true;
  try {
    await syncKeyOnce(key);
    if (Date.now() >= loop.balanceDueAt) {
      await syncBalance(key);
      loop.balanceDueAt = Date.now() + BALANCE_INTERVAL_MS;
    }
    loop.failures = 0;
    if (key.bannedUntilMs !== null) await clearKeyFaults(key.id);
    await recordSyncStatus(key, null);
  } catch (error) {
    loop.failures += 1;
    const e = asProviderError(error);
    await recordKeyFault(key, e).catch(() => {});
    log.warn({ keyId: key.id, code: e.code, failures: loop.failures }, "sync pass failed");
    await recordSyncStatus(key, e.code).catch(() => {});
  } finally {
    loop.running = false;
    const delay = loop.failures === 0 ? SYNC_INTERVAL_MS : backoffMs(SYNC_INTERVAL_MS, loop.failures);
    schedule(loop, loop.again ? 0 : delay);
    loop.again = false;
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

async function recordSyncStatus(key: ProviderKey, errorCode: string | null) {
  const now = Date.now();
  const clock_offset_ms = providerNow(key.id, now) - now;
  await (await getDb())
    .updateTable("provider_keys")
    .set(
      errorCode
        ? { last_error: errorCode, last_error_at: now, clock_offset_ms }
        : { last_sync_at: now, last_error: null, clock_offset_ms },
    )
    .where("id", "=", key.id)
    .execute();
}
