// Next.js calls register() once when the server starts (next start, scripts/server.mjs, next dev).
// Keep it small: each job lives in lib/ and is imported only in the Node.js runtime, so the edge
// bundle never pulls in the database.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAuditRetention } = await import("@/lib/audit/retention-schedule");
  startAuditRetention();
  const { announceSetupTokenIfPending } = await import("@/lib/setup/announce");
  await announceSetupTokenIfPending();
}
