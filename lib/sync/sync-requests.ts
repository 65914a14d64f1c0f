import "server-only";
import { getDb } from "@/lib/db";
import { listen, notify } from "@/lib/db/notify";
import { log } from "@/lib/log";

// "Please sync this key soon" (after a click, an order, a key change), without importing the
// scheduler: services call requestSync, and whichever instance holds the key's sync lease hears
// it (a NOTIFY on PostgreSQL, reaching every instance; a local event on SQLite) and runs a pass.

type SyncRequest = { keyId: string };

export function requestSync(keyId: string): void {
  void getDb()
    .then((db) => notify(db, "sms_desk_sync", JSON.stringify({ keyId } satisfies SyncRequest)))
    .catch((error: Error) => log.warn({ keyId, err: error.message }, "sync request not sent"));
}

/** Subscribes the scheduler (lib/sync/registry.ts) to sync requests from every instance. */
export function onSyncRequested(handler: (keyId: string) => void): () => void {
  return listen("sms_desk_sync", (payload) => {
    try {
      const { keyId } = JSON.parse(payload) as SyncRequest;
      if (typeof keyId === "string") handler(keyId);
    } catch {
      // Not ours: ignore.
    }
  });
}
