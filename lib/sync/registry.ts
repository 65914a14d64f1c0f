import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/config/env";
import { getKey, listEnabledKeys, type ProviderKey } from "@/lib/keys/provider-keys";
import { providerNow } from "@/lib/keys/provider-clock";
import { log } from "@/lib/log";
import { asProviderError } from "@/lib/activations/as-provider-error";
import { syncBalance, syncKeyOnce } from "./sync-once";

// One sync loop per key per server process, single-flight: a pass never overlaps the previous
// one, and requests for a sync while one runs fold into one more pass. Browsers never cause
// provider calls; they read what these loops wrote.

type Loop = {
  key: ProviderKey;
  running: boolean;
  again: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  failures: number;
  balanceDueAt: number;
};

const store = globalThis as unknown as { smsDeskSyncLoops?: Map<string, Loop> };
store.smsDeskSyncLoops ??= new Map<string, Loop>();
const loops = store.smsDeskSyncLoops;

const MAX_BACKOFF_MS = 60_000;

/** Starts a loop for every enabled key (idempotent). */
export function ensureSyncRunning(): void {
  for (const key of listEnabledKeys()) {
    if (!loops.has(key.id)) {
      const loop: Loop = { key, running: false, again: false, timer: null, failures: 0, balanceDueAt: 0 };
      loops.set(key.id, loop);
      schedule(loop, 0);
    }
  }
}

/** Asks for a pass soon (after an action or an order), with a fresh balance. */
export function requestSync(keyId: string): void {
  const loop = loops.get(keyId);
  if (!loop) return;
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
  if (loop.running) return;
  loop.running = true;
  loop.key = getKey(loop.key.id) ?? loop.key;
  const { SYNC_INTERVAL_MS, BALANCE_INTERVAL_MS } = env();
  try {
    await syncKeyOnce(loop.key);
    if (Date.now() >= loop.balanceDueAt) {
      await syncBalance(loop.key);
      loop.balanceDueAt = Date.now() + BALANCE_INTERVAL_MS;
    }
    loop.failures = 0;
    await recordSyncStatus(loop.key.id, null);
  } catch (error) {
    loop.failures += 1;
    const e = asProviderError(error);
    log.warn({ keyId: loop.key.id, code: e.code, failures: loop.failures }, "sync pass failed");
    await recordSyncStatus(loop.key.id, e.code).catch(() => {});
  } finally {
    loop.running = false;
    const backoff = loop.failures === 0 ? SYNC_INTERVAL_MS : backoffMs(SYNC_INTERVAL_MS, loop.failures);
    schedule(loop, loop.again ? 0 : backoff);
    loop.again = false;
  }
}

/** Exponential backoff with full jitter, so many keys failing together do not retry in step. */
export function backoffMs(baseMs: number, failures: number, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.min(failures, 10));
  return Math.max(baseMs, Math.round(ceiling * random()));
}

async function recordSyncStatus(keyId: string, errorCode: string | null) {
  const db = await getDb();
  const now = Date.now();
  const offset = providerNow(keyId, now) - now;
  const values = errorCode
    ? { last_error: errorCode, last_error_at: now, clock_offset_ms: offset }
    : { last_sync_at: now, last_error: null, clock_offset_ms: offset };
  await db
    .insertInto("key_status")
    .values({ key_id: keyId, ...values })
    .onConflict((oc) => oc.column("key_id").doUpdateSet(values))
    .execute();
}
