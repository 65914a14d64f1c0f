import "server-only";
import { EventEmitter } from "node:events";

// "This instance is shutting down" (SIGTERM, scripts/server.mjs → instrumentation.ts): long-lived
// responses end at once, so the server's close is not held up by open event streams for its
// whole timeout, and browsers reconnect to another instance right away.

const store = globalThis as unknown as { smsDeskShutdownSignal?: EventEmitter; smsDeskShuttingDown?: boolean };
store.smsDeskShutdownSignal ??= new EventEmitter().setMaxListeners(0);
const signal = store.smsDeskShutdownSignal;

export function announceShutdown(): void {
  store.smsDeskShuttingDown = true;
  signal.emit("shutdown");
}

/** Calls `listener` when the instance starts shutting down (at once if it already is); returns the unsubscribe. */
export function onShutdown(listener: () => void): () => void {
  if (store.smsDeskShuttingDown) {
    queueMicrotask(listener);
    return () => {};
  }
  signal.once("shutdown", listener);
  return () => signal.off("shutdown", listener);
}
