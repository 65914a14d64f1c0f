import "server-only";
import { closeExpiredWindows } from "@/lib/auth/sign-in-throttle";
import { pruneOrderRequests } from "@/lib/activations/order-prune";
import { getDb } from "@/lib/db";
import { pruneSpendReservations } from "@/lib/limits/spend-prune";
import { log } from "@/lib/log";
import { pruneExpiredRefusals } from "@/lib/rules/refusals";
import { DAY_MS, pruneAudit } from "./retention";

// Started once per server process by instrumentation.ts. Timers are unref'd: they never keep a
// process alive. The first prune runs shortly after start (it also writes the retention the
// database trigger reads); sign-in throttle windows are summarised and cleared more often, so
// their counters never pile up.

export const FIRST_RUN_MS = 10_000;
export const SWEEP_EVERY_MS = 5 * 60_000;

type Jobs = { prune: () => Promise<unknown>; sweep: () => Promise<unknown> };
const defaultJobs: Jobs = { prune: dailyPrune, sweep: () => closeExpiredWindows() };

/**
 * The audit log's retention, spend reservations no limit can count any more, expired rule
 * refusals, then order records past their week (after the reservations that name them); one
 * failing does not skip the others.
 */
export async function dailyPrune(): Promise<void> {
  const jobs = [
    () => pruneAudit(),
    async () => pruneSpendReservations(await getDb()),
    async () => pruneExpiredRefusals(await getDb()),
    async () => pruneOrderRequests(await getDb()),
  ];
  const failures: unknown[] = [];
  for (const job of jobs) await job().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw new AggregateError(failures, "daily prune failed");
}

const store = globalThis as unknown as { smsDeskRetention?: { stop: () => void } };

function guarded(name: string, job: () => Promise<unknown>) {
  return () => {
    job().catch((error: unknown) => log.error({ err: error, job: name }, "scheduled job failed"));
  };
}

/** Starts the daily prune and the throttle sweep (once per process); returns a stop function. */
export function startAuditRetention(jobs: Jobs = defaultJobs): () => void {
  // `next build` may load instrumentation too: no database work while building.
  if (process.env.NEXT_PHASE === "phase-production-build") return () => {};
  if (store.smsDeskRetention) return store.smsDeskRetention.stop;
  const prune = guarded("audit-prune", jobs.prune);
  const sweep = guarded("sign-in-sweep", jobs.sweep);
  const timers = [
    setTimeout(prune, FIRST_RUN_MS),
    setInterval(prune, DAY_MS),
    setInterval(sweep, SWEEP_EVERY_MS),
  ];
  for (const timer of timers) timer.unref();
  const stop = () => {
    for (const timer of timers) clearTimeout(timer);
    store.smsDeskRetention = undefined;
  };
  store.smsDeskRetention = { stop };
  return stop;
}
