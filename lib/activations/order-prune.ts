import "server-only";
import type { Kysely } from "kysely";
import { DELETE_BATCH, deleteOlderThan } from "@/lib/db/batched-delete";
import type { Database } from "@/lib/db/schema";

// order_requests holds one row per order the dialog placed: its id makes a repeated submission
// (a lost answer, a double click) find the first one instead of buying again. The browser keeps an
// order's id only while its dialog stays open, so after a few minutes no repeat can come; a spend
// reservation counts its order only for the current UTC day (lib/limits/spend.ts) and is pruned
// after it. A week covers both many times over, and then the row goes in the daily prune
// (lib/audit/retention-schedule.ts): before, the table grew by one row per order, forever.

export const ORDER_REQUEST_RETENTION_MS = 7 * 86_400_000;

/** Deletes order records older than the retention; returns how many. */
export function pruneOrderRequests(
  db: Kysely<Database>,
  nowMs = Date.now(),
  batch = DELETE_BATCH,
): Promise<number> {
  return deleteOlderThan(db, ORDERS, nowMs - ORDER_REQUEST_RETENTION_MS, batch);
}

const ORDERS = { table: "order_requests", key: "order_id", column: "created_at" };
