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
 * Called whenever the LISTEN connection (re)starts listening, the first time included: notices
 * sent before it was up or while it was lost are gone, so whoever relies on them must catch up
 * (open tables refetch, sync loops look again). A stream opened before the first LISTEN would
 * otherwise wait for the safety poll.
 */
export function onNoticesResumed(listener: () => void): () => void {
  local.on("resumed", listener);
  return () => local.off("resumed", listener);
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;
/** A LISTEN connection only receives, so a dead one never errors: ask it something this often. */
const PING_INTERVAL_MS = 30_000;
const PING_TIMEOUT_MS = 5000;

export type ListenOptions = {
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** The liveness question; tests replace it with one that never answers. */
  ping?: (client: pg.Client) => Promise<unknown>;
};

const selectOne = (client: pg.Client) => client.query("SELECT 1");

/**
 * PostgreSQL only: one LISTEN connection per process (outside the pool: it is held forever), which
 * re-emits every notice locally and reconnects with backoff when the backend goes away.
 *
 * A connection dropped by an idle NAT or firewall never errors: the socket waits forever and the
 * instance goes deaf (tables refresh only at the safety poll, sync requests are lost). TCP
 * keepalive (postgresConfig) lets the kernel notice in time; a `SELECT 1` every 30 s that must
 * answer within 5 s catches the rest (a backend stuck, a proxy that answers TCP but not SQL).
 * Either way the connection is ended and a new one listens, which emits `resumed`.
 */
export function startListening(config: pg.ClientConfig, options: ListenOptions = {}): void {
  if (store.smsDeskListenClient) return;
  const pingIntervalMs = options.pingIntervalMs ?? PING_INTERVAL_MS;
  const pingTimeoutMs = options.pingTimeoutMs ?? PING_TIMEOUT_MS;
  const ping = options.ping ?? selectOne;
  let stopped = false;
  let client: pg.Client | null = null;
  let delay = RECONNECT_MIN_MS;

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ keepAlive: true, keepAliveInitialDelayMillis: 10_000, ...config, application_name: "sms-desk-listen" });
    client = c;
    let failed = false;
    let pinger: ReturnType<typeof setInterval> | null = null;
    const retry = (error?: Error) => {
      if (failed) return;
      failed = true;
      if (pinger) clearInterval(pinger);
      if (error) log.warn({ err: error.message }, "notice connection lost; reconnecting");
      c.removeAllListeners("notification");
      void c.end().catch(() => {});
      // end() waits for the server to close the socket, which a dead peer never does.
      (c as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream?.destroy?.();
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
    } catch (error) {
      retry(error as Error);
      return;
    }
    if (failed) return;
    delay = RECONNECT_MIN_MS;
    let pinging = false;
    pinger = setInterval(() => {
      if (pinging || failed) return;
      pinging = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to a ping within ${pingTimeoutMs} ms`)), pingTimeoutMs);
      });
      Promise.race([ping(c), timeout])
        .catch((error: unknown) => retry(error instanceof Error ? error : new Error(String(error))))
        .finally(() => {
          clearTimeout(timer);
          pinging = false;
        });
    }, pingIntervalMs);
    pinger.unref?.();
    local.emit("resumed");
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
