"use client";

import { createContext, useContext, useSyncExternalStore } from "react";

// One 1 s interval for the whole page, read through useSyncExternalStore by the cells that show
// time: each cell re-renders only when the value it derives from the clock changes (seconds
// left every second, a state or a button's reason rarely), never the table or its rows.

const listeners = new Set<() => void>();
let browserNowMs = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function tick() {
  browserNowMs = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    browserNowMs = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The browser's time as of the last tick (or now, while nothing ticks). */
function readBrowserNow(): number {
  if (timer === null) browserNowMs = Date.now();
  return browserNowMs;
}

/**
 * The server's clock minus the browser's, set by the table (./server-skew.ts).
 * Mutable on purpose: a new skew shows at the next tick, so a poll re-renders no time cell.
 * `hydrationNowMs`: one instant both the server render and the browser's hydration use (the
 * prefetched data's serverNowMs), so a countdown rendered on the server never mismatches.
 */
export type ServerClock = { skewMs: number; hydrationNowMs: number | null };

export const ServerClockContext = createContext<ServerClock>({ skewMs: 0, hydrationNowMs: null });

export function serverNow(clock: ServerClock): number {
  return readBrowserNow() + clock.skewMs;
}

/**
 * A value derived from the server's clock (`select` gets the server time in ms). The component
 * re-renders when that value changes, so `select` should return a primitive.
 */
export function useClock<T extends string | number | boolean | null>(
  select: (serverNowMs: number) => T,
): T {
  const clock = useContext(ServerClockContext);
  return useSyncExternalStore(
    subscribe,
    () => select(serverNow(clock)),
    () => select(clock.hydrationNowMs ?? serverNow(clock)),
  );
}
