import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db";
import { sqlNowMs } from "@/lib/db/engine";
import { log } from "@/lib/log";

// This process's identity among the app instances sharing the database: it holds sync leases
// (lib/sync/lease.ts) and marks the actions it has in flight (activations.pending_instance), so a
// sync holder never reconciles a click another live instance is still waiting on. Each instance
// heartbeats its app_instances row; one whose heartbeat stopped (killed, frozen, cut off) for
// INSTANCE_TTL_MS is dead, and so are its clicks in flight: sync reconciles them.

/** How often an instance says it is alive. */
export const HEARTBEAT_MS = 2000;
/** Silent this long: dead. Several heartbeats, so a busy event loop or a slow query is not death. */
export const INSTANCE_TTL_MS = 10_000;

const store = globalThis as unknown as {
  smsDeskInstanceId?: string;
  smsDeskHeartbeatTimer?: ReturnType<typeof setInterval>;
};

/**
 * host:pid:random — readable in sync_leases.holder and app_instances (which machine holds which
 * key), unique across restarts of the same process id.
 */
export function instanceId(): string {
  store.smsDeskInstanceId ??= `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return store.smsDeskInstanceId;
}

/** Records (or refreshes) this instance's heartbeat, on the database's clock. */
export async function heartbeat(db: Kysely<Database>): Promise<void> {
  const now = sqlNowMs(db);
  await db
    .insertInto("app_instances")
    .values({ id: instanceId(), started_at: now, heartbeat_at: now, stopped_at: null })
    .onConflict((oc) => oc.column("id").doUpdateSet({ heartbeat_at: now }))
    .execute();
}

/** A clean stop (SIGTERM): the instance is dead at once, no need to wait out its TTL. */
export async function markStopped(db: Kysely<Database>): Promise<void> {
  await db.updateTable("app_instances").set({ stopped_at: sqlNowMs(db) }).where("id", "=", instanceId()).execute();
}

/** The instances alive now: heartbeat within INSTANCE_TTL_MS and not stopped. */
export async function liveInstanceIds(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db
    .selectFrom("app_instances")
    .select("id")
    .where("stopped_at", "is", null)
    .where((eb) => eb("heartbeat_at", ">", eb(sqlNowMs(db), "-", INSTANCE_TTL_MS)))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Heartbeats every HEARTBEAT_MS from now on (once per process, however often it is called). A
 * failed beat is logged and the next one tries again: missing a few is what INSTANCE_TTL_MS
 * allows for.
 */
export function startHeartbeat(db: () => Promise<Kysely<Database>>): void {
  if (store.smsDeskHeartbeatTimer) return;
  const beat = () =>
    db()
      .then(heartbeat)
      .catch((error: Error) => log.warn({ err: error.message }, "instance heartbeat failed"));
  void beat();
  store.smsDeskHeartbeatTimer = setInterval(beat, HEARTBEAT_MS);
  store.smsDeskHeartbeatTimer.unref?.();
}

/** Stops the heartbeat (a clean stop: markStopped says so at once). */
export function stopHeartbeat(): void {
  clearInterval(store.smsDeskHeartbeatTimer);
  store.smsDeskHeartbeatTimer = undefined;
}
