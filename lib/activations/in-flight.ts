import "server-only";
import { env } from "@/lib/config/env";

// How long a provider call claimed in the database (a click's pending_action, an order's
// "pending" order id) may still be under way somewhere. Until then nobody else may settle it by
// asking the provider: a second click could reach the provider, an order could be called lost
// while its answer is still coming.

/** A call under way can last PROVIDER_TIMEOUT_MS after its request starts; this covers the rest
 * (the wait for a rate-limit token after the claim, the outcome transaction, clock steps). */
const SETTLE_MARGIN_MS = 30_000;
/** Never less than this, whatever the timeout: the bound sync used before it was configurable. */
const MIN_SETTLE_MS = 60_000;

/** After this long, a claimed call on a live instance has ended or lost its answer. */
export function callSettleBoundMs(timeoutMs = env().PROVIDER_TIMEOUT_MS): number {
  return Math.max(MIN_SETTLE_MS, timeoutMs + SETTLE_MARGIN_MS);
}

type PendingRow = { pending_action: string | null; pending_since: number | null; pending_instance: string | null };

/**
 * Whether a row's pending action may still be in flight, so sync must leave it alone. On a live
 * instance: for callSettleBoundMs. On an instance whose heartbeat stopped: for the provider
 * timeout, since it may only be cut off from the database while its request still runs.
 */
export function mayStillBeInFlight(row: PendingRow, liveInstances: ReadonlySet<string>, nowMs: number): boolean {
  if (row.pending_action === null || row.pending_since === null) return false;
  const live = row.pending_instance !== null && liveInstances.has(row.pending_instance);
  const bound = live ? callSettleBoundMs() : env().PROVIDER_TIMEOUT_MS;
  return Number(row.pending_since) > nowMs - bound;
}
