import "server-only";
import type { Kysely } from "kysely";
import { DELETE_BATCH, deleteOlderThan } from "@/lib/db/batched-delete";
import type { Database } from "@/lib/db/schema";
import { utcDayStart } from "./arithmetic";

// spend_reservations grows by one row per order under a limit and is read only for today (UTC):
// spentToday counts a reservation from its creation until the day ends (a member's) or for
// KEY_HOLD_MS (a key's). A row from before the day can never count again, so the daily prune
// (lib/audit/retention-schedule.ts) deletes those, keeping a margin for another server whose
// clock is behind ours and still judges "today" as yesterday.

/** Beyond any clock skew between app servers; far longer than KEY_HOLD_MS. */
export const PRUNE_MARGIN_MS = 60 * 60_000;
/**
 * The newest created_at a prune may delete below: no daily limit or key hold can count it. The
 * start of the day as judged by a server PRUNE_MARGIN_MS behind us: just after midnight that is
 * yesterday's start, so the lagging server's whole "today" stays. It is at most now - 1 h, well
 * before any key hold (KEY_HOLD_MS).
 */
export function reservationPruneCutoff(nowMs: number): number {
  return utcDayStart(nowMs - PRUNE_MARGIN_MS);
}

/** Deletes reservations that can no longer count against a limit; returns how many. */
export function pruneSpendReservations(
  db: Kysely<Database>,
  nowMs = Date.now(),
  batch = DELETE_BATCH,
): Promise<number> {
  return deleteOlderThan(db, RESERVATIONS, reservationPruneCutoff(nowMs), batch);
}

const RESERVATIONS = { table: "spend_reservations", key: "order_id", column: "created_at" };
