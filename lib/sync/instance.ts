import "server-only";
import { randomUUID } from "node:crypto";

// This process's identity among the app instances sharing the database: it holds sync leases
// (lib/sync/lease.ts) and marks the actions it has in flight (activations.pending_instance), so a
// sync holder never reconciles a click another live instance is still waiting on.

const store = globalThis as unknown as { smsDeskInstanceId?: string };

export function instanceId(): string {
  store.smsDeskInstanceId ??= randomUUID();
  return store.smsDeskInstanceId;
}
