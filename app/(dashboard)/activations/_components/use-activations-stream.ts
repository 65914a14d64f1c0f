"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ACTIVATIONS_STREAM_URL, accountQueryKey, activationsQueryKey } from "@/lib/activations/client-queries";

/** "live": the stream tells this table when to refetch; "down": the 2 s poll does the work. */
export type StreamState = "live" | "down";

/** After the browser gave up (an error answer, e.g. a proxy's 502 while the app restarts). */
const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 15_000;

/**
 * Keeps an EventSource on the change stream open while the table is shown: every `change`
 * refetches the table (and the balance) at once, and so does every (re)connect, since notices
 * sent while the stream was down are gone. The browser retries a dropped connection by itself;
 * when it gives up instead (any answer other than an event stream) this hook tries again with
 * backoff, so the stream comes back after a restart or an outage without a reload.
 *
 * Hidden tabs close their stream and poll instead: over plain HTTP/1.1 (the demo) a browser
 * opens at most six connections per host, and one held open by every background tab would
 * leave the visible one none.
 */
export function useActivationsStream(): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>("down");

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let delay = RECONNECT_MIN_MS;

    const refetch = () => {
      void queryClient.invalidateQueries({ queryKey: activationsQueryKey });
      void queryClient.invalidateQueries({ queryKey: accountQueryKey });
    };
    const disconnect = () => {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      source?.close();
      source = null;
    };
    const connect = () => {
      disconnect();
      const current = new EventSource(ACTIVATIONS_STREAM_URL);
      source = current;
      current.addEventListener("open", () => {
        delay = RECONNECT_MIN_MS;
        setState("live");
        refetch();
      });
      current.addEventListener("change", refetch);
      current.addEventListener("error", () => {
        setState("down");
        if (current.readyState !== EventSource.CLOSED) return; // the browser reconnects
        current.close();
        retryTimer = setTimeout(connect, delay);
        delay = Math.min(RECONNECT_MAX_MS, delay * 2);
      });
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") {
        disconnect();
        setState("down");
      } else if (!source) {
        delay = RECONNECT_MIN_MS;
        connect();
      }
    };
    document.addEventListener("visibilitychange", onVisibility);
    if (document.visibilityState !== "hidden") connect();
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      disconnect();
    };
  }, [queryClient]);

  return state;
}
