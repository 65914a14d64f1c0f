// Next.js calls register() once when the server starts (next start, scripts/server.mjs, next dev).
// Keep it small: each job lives in lib/ and is imported only in the Node.js runtime, so the edge
// bundle never pulls in the database.

/** What scripts/server.mjs runs on SIGTERM/SIGINT, before it exits (bounded by its timeout). */
export type ShutdownHooks = {
  /** At once: sync loops stop and release their leases, so another instance takes over. */
  stopBackgroundWork: () => Promise<void>;
  /** Once requests in flight are done: this instance is gone (its clicks in flight are over). */
  afterRequests: () => Promise<void>;
};

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAuditRetention } = await import("@/lib/audit/retention-schedule");
  startAuditRetention();
  const { announceSetupTokenIfPending } = await import("@/lib/setup/announce");
  await announceSetupTokenIfPending();

  const { log } = await import("@/lib/log");
  const { getDb } = await import("@/lib/db");
  const { startSync, stopSync } = await import("@/lib/sync/registry");
  const { markStopped, stopHeartbeat } = await import("@/lib/sync/instance");
  const { announceShutdown } = await import("@/lib/shutdown");
  (globalThis as { smsDeskShutdown?: ShutdownHooks }).smsDeskShutdown = {
    stopBackgroundWork: async () => {
      // Open event streams end first, so server.close() is not held up by them.
      announceShutdown();
      await stopSync();
    },
    // The heartbeat runs until here: a click still draining is in flight on a live instance.
    afterRequests: async () => {
      stopHeartbeat();
      await markStopped(await getDb());
    },
  };
  // Every instance runs a loop per key from the start, not only once a page is opened: the
  // holder of a dead instance's leases must be found among instances nobody is looking at.
  // A database still starting up is not fatal: the next request (ensureSyncRunning) tries again.
  await startSync().catch((error: Error) => log.error({ err: error.message }, "sync could not start"));
}
