import "server-only";
import { listen, onNoticesResumed } from "@/lib/db/notify";
import { log } from "@/lib/log";
import { onShutdown } from "@/lib/shutdown";
import { parseChangeNotice } from "@/lib/db/change-notice";

// GET /api/activations/stream: tells an open table "something of your team changed, refetch now".
// It carries no activation data: the JSON route (same guard) stays the only source of rows, so
// this stream cannot leak more than the poll does, and a lost event costs only a poll's delay.
//
// Every writer publishes a change notice in its transaction (change-notice.ts); on PostgreSQL the
// notice arrives from whichever instance made the change (lib/db/notify.ts). Here each stream
// keeps the notices of its team's keys, folds bursts into one event, sends a heartbeat comment so
// proxies keep the connection open, re-checks the session, and lets everything go when it ends.

/**
 * At most one event per window: a sync pass that writes ten rows costs one refetch, and a busy
 * team (a change every 100 ms) costs each open table four refetches a second, not ten.
 */
export const COALESCE_MS = 250;
/** A comment line this often: idle proxies (nginx: 60 s) keep the connection; the session is re-checked. */
export const HEARTBEAT_MS = 15_000;
/** The browser's reconnect delay after a dropped connection (the `retry:` field). */
export const RETRY_MS = 2000;

export type NoticeSource = {
  /** Subscribes to change notices (raw payloads); returns the unsubscribe. */
  listen(listener: (payload: string) => void): () => void;
  /** Subscribes to "notices may have been lost" (the LISTEN connection came back). */
  onResumed(listener: () => void): () => void;
};

export const noticeSource: NoticeSource = {
  listen: (listener) => listen("sms_desk_changes", listener),
  onResumed: (listener) => onNoticesResumed(listener),
};

export type TeamWatch = {
  teamId: string;
  source: NoticeSource;
  /** The team owning a key, or null if there is no such key. */
  teamOfKey(keyId: string): Promise<string | null>;
  onChange(): void;
  coalesceMs?: number;
};

/**
 * Calls `onChange` for every notice about one of the team's keys, and after every resume (missed
 * notices could be anyone's), at most once per `coalesceMs`: the first at once, the rest of a
 * burst once at the end of the window, so the last change is never dropped. Returns the stop.
 */
export function watchTeamChanges(watch: TeamWatch): () => void {
  const coalesceMs = watch.coalesceMs ?? COALESCE_MS;
  let stopped = false;
  let window: ReturnType<typeof setTimeout> | null = null;
  let pending = false;

  const fire = () => {
    if (stopped) return;
    if (window) {
      pending = true;
      return;
    }
    watch.onChange();
    window = setTimeout(closeWindow, coalesceMs);
  };
  const closeWindow = () => {
    window = null;
    if (!pending) return;
    pending = false;
    fire();
  };

  const onNotice = (payload: string) => {
    const notice = parseChangeNotice(payload);
    if (!notice) return;
    watch
      .teamOfKey(notice.keyId)
      .then((teamId) => {
        if (teamId === watch.teamId) fire();
      })
      .catch((error: unknown) => {
        // Unknown whether it is ours: refetching once too often is harmless, missing it is not.
        log.warn({ err: error instanceof Error ? error.message : String(error) }, "change stream: key lookup failed");
        fire();
      });
  };

  const unlisten = watch.source.listen(onNotice);
  const unresumed = watch.source.onResumed(fire);
  return () => {
    stopped = true;
    unlisten();
    unresumed();
    if (window) clearTimeout(window);
    window = null;
  };
}

export type ChangeStreamOptions = Omit<TeamWatch, "onChange"> & {
  /** Aborted when the client goes away (the request's signal). */
  signal: AbortSignal;
  /** Still allowed to watch this team (signed in, still a member, team still current)? */
  stillAllowed(): Promise<boolean>;
  heartbeatMs?: number;
};

const encoder = new TextEncoder();
const HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: a compressing proxy (or Next.js's own gzip) would otherwise buffer the events.
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  // nginx: pass every event through at once instead of buffering the response.
  "X-Accel-Buffering": "no",
};

/**
 * The event stream: `retry:` and a `hello` first (the client knows it is connected and refetches
 * what it may have missed), then `change` events, heartbeat comments, and an end when the client
 * leaves or its session no longer allows it (the browser then reconnects and meets the guard).
 */
export function changeStreamResponse(options: ChangeStreamOptions): Response {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  let cleanup: () => void = () => {};

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let checking = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end();
        }
      };
      const stopWatching = watchTeamChanges({ ...options, onChange: () => send("event: change\ndata: {}\n\n") });
      const heartbeat = setInterval(() => {
        send(": ping\n\n");
        if (checking) return;
        checking = true;
        options
          .stillAllowed()
          .then((allowed) => {
            if (!allowed) end(true);
          })
          // A database hiccup is not a sign-out: keep the stream, look again next beat.
          .catch(() => {})
          .finally(() => {
            checking = false;
          });
      }, heartbeatMs);
      const onAbort = () => end();
      // The instance is stopping: end the response so the server can close; the browser
      // reconnects (to another instance behind a load balancer) and refetches.
      const offShutdown = onShutdown(() => end(true));
      function end(closeBody = false) {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        stopWatching();
        offShutdown();
        options.signal.removeEventListener("abort", onAbort);
        if (closeBody) {
          try {
            controller.close();
          } catch {}
        }
      }
      cleanup = end;
      if (options.signal.aborted) return end();
      options.signal.addEventListener("abort", onAbort);
      send(`retry: ${RETRY_MS}\nevent: hello\ndata: {}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, { headers: HEADERS });
}
