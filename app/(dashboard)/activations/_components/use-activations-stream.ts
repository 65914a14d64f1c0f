"use client";

import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import {
  ACTIVATIONS_STREAM_URL,
  accountQueryKey,
  activationsQueryKey,
} from "@/lib/activations/client-queries";

/** "live": the stream tells this table when to refetch; "down": the 2 s poll does the work. */
export type StreamState = "live" | "down";

/** After the browser gave up (an error answer, e.g. a proxy's 502 while the app restarts). */
const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 15_000;

/**
 * Refetches the table without ever throwing away a fetch in flight. React Query's default
 * (`cancelRefetch: true`) cancels the running fetch and starts anew: with an event every 150 ms
 * and a GET slower than that, no answer would ever land and the table would freeze. Instead an
 * event during a fetch joins it, and one more fetch follows when it ends: the running fetch may
 * have read the rows before the change the event announced. At most one fetch runs, at most one
 * waits, however many events arrive.
 */
function tableRefetcher(queryClient: QueryClient) {
  let running = false;
  let again = false;
  let stopped = false;
  const refetch = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    // A fetch already under way (a poll, a mutation's refresh) started before this event.
    const joined = queryClient.isFetching({ queryKey: activationsQueryKey }) > 0;
    void queryClient
      .refetchQueries({ queryKey: activationsQueryKey, type: "active" }, { cancelRefetch: false })
      .finally(() => {
        running = false;
        if (!joined && !again) return;
        again = false;
        refetch();
      });
  };
  const stop = () => {
    stopped = true;
  };
  return { refetch, stop };
}

/**
 * Keeps an EventSource on the change stream of `teamId` open while the table is shown: every
 * `change` refetches the table at once (tableRefetcher), and so does every (re)connect, since
 * notices sent while the stream was down are gone. The browser retries a dropped connection by
 * itself; when it gives up instead (any answer other than an event stream) this hook tries again
 * with backoff, so the stream comes back after a restart or an outage without a reload. A new
 * team (the header's switcher) opens a new stream at once: the old one watches the old team.
 *
 * The balance is not refetched per `change`: most changes (a code, a status) do not touch it, the
 * header polls it every 4 s by itself and an order refreshes it at once; a refetch per event
 * would double the requests of a busy table. A (re)connect refetches it, as it may have missed
 * anything.
 *
 * Hidden tabs close their stream and poll instead: over plain HTTP/1.1 (the demo) a browser
 * opens at most six connections per host, and one held open by every background tab would
 * leave the visible one none.
 */
export function useActivationsStream(teamId: string): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>("down");

  useEffect(() => {
    if (typeof EventSource === "undefined" || !teamId) return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let delay = RECONNECT_MIN_MS;
    const table = tableRefetcher(queryClient);

    // A reconnect is rare and says "notices may be lost": here a fetch in flight is cancelled
    // and started anew, since it may hang on the instance whose stream just died. The first
    // connect, with no failure before it, joins the fetch in flight instead (and one follows
    // it): that is the page's first read of the full set (./first-screen.ts), which starting
    // anew would only delay. After any failure (the stream was down) it is a reconnect.
    let reconnect = false;
    const catchUp = () => {
      if (reconnect) {
        void queryClient.refetchQueries(
          { queryKey: activationsQueryKey, type: "active" },
          { cancelRefetch: true },
        );
      } else table.refetch();
      reconnect = true;
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
        catchUp();
      });
      current.addEventListener("change", table.refetch);
      current.addEventListener("error", () => {
        reconnect = true;
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
      table.stop();
      setState("down");
    };
  }, [queryClient, teamId]);

  return state;
}
