import "server-only";
import { EventEmitter } from "node:events";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { log } from "@/lib/log";
import { engineOf } from "./engine";

// Cross-instance notices. On PostgreSQL a notice is NOTIFY, sent inside the writer's transaction
// (delivered to every instance's LISTEN connection only if and when it commits). On SQLite there
// is one process, so a notice is a local event; it is emitted while the writer's transaction is
// still open, but every other query of the process waits for that transaction on the one
// connection, so whoever reacts reads the committed rows.
//
// Channels carry small JSON payloads (PostgreSQL caps a payload at 8,000 bytes).

export type Channel = "sms_desk_changes" | "sms_desk_sync";
export const CHANNELS: Channel[] = ["sms_desk_changes", "sms_desk_sync"];

type Listener = (payload: string) => void;

const store = globalThis as unknown as {
  smsDeskNotices?: EventEmitter;
  smsDeskListenClient?: { stop: () => Promise<void> };
};
store.smsDeskNotices ??= new EventEmitter().setMaxListeners(0);
const local = store.smsDeskNotices;

/** Sends a notice on `channel` from within `db` (a transaction: sent on commit, on PostgreSQL). */
// biome-ignore lint/suspicious/noExplicitAny: any database shape.
export async function notify(db: Kysely<any>, channel: Channel, payload: string): Promise<void> {
  if (engineOf(db) === "postgres") {
    await sql`SELECT pg_notify(${channel}, ${payload})`.execute(db);
    return;
  }
  local.emit(channel, payload);
}

/** Calls `listener` for every notice on `channel` (from any instance); returns the unsubscribe. */
export function listen(channel: Channel, listener: Listener): () => void {
  local.on(channel, listener);
  return () => local.off(channel, listener);
}

/**
 * Called after the LISTEN connection came back from a loss: notices sent meanwhile are gone, so
 * whoever relies on them must catch up (open tables refetch, sync loops look again).
 */
export function onNoticesResumed(listener: () => void): () => void {
  local.on("resumed", listener);
  return () => local.off("resumed", listener);
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;

/**
 * PostgreSQL only: one LISTEN connection per process (outside the pool: it is held forever), which
 * re-emits every notice locally and reconnects with backoff when the backend goes away.
 */
export function startListening(config: pg.ClientConfig): void {
  if (store.smsDeskListenClient) return;
  let stopped = false;
  let client: pg.Client | null = null;
  let delay = RECONNECT_MIN_MS;
  let everConnected = false;

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ ...config, application_name: "sms-desk-listen" });
    client = c;
    let failed = false;
    const retry = (error?: Error) => {
      if (failed) return;
      failed = true;
      if (error) log.warn({ err: error.message }, "notice connection lost; reconnecting");
      c.removeAllListeners("notification");
      void c.end().catch(() => {});
      if (stopped) return;
      setTimeout(() => void connect(), delay).unref?.();
      delay = Math.min(RECONNECT_MAX_MS, delay * 2);
    };
    c.on("error", retry);
    c.on("end", () => retry());
    c.on("notification", (message) => {
      if (message.channel && message.payload !== undefined) local.emit(message.channel, message.payload);
    });
    try {
      await c.connect();
      for (const channel of CHANNELS) await c.query(`LISTEN ${channel}`);
      delay = RECONNECT_MIN_MS;
      if (everConnected) local.emit("resumed");
      everConnected = true;
    } catch (error) {
      retry(error as Error);
    }
  };
  void connect();
  store.smsDeskListenClient = {
    stop: async () => {
      stopped = true;
      await client?.end().catch(() => {});
    },
  };
}

export async function stopListening(): Promise<void> {
  await store.smsDeskListenClient?.stop();
  store.smsDeskListenClient = undefined;
}
