import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { utcDayStart } from "./arithmetic";

// spend_reservations grows by one row per order under a limit and is read only for today (UTC):
// spentToday counts a reservation from its creation until the day ends (a member's) or for
// KEY_HOLD_MS (a key's). A row from before the day can never count again, so the daily prune
// (lib/audit/retention-schedule.ts) deletes those, keeping a margin for another server whose
// clock is behind ours and still judges "today" as yesterday.

/** Beyond any clock skew between app servers; far longer than KEY_HOLD_MS. */
export const PRUNE_MARGIN_MS = 60 * 60_000;
/** Deleted per statement, so a first prune of a big table never holds the write lock for long. */
const BATCH = 5000;

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
export async function pruneSpendReservations(
  db: Kysely<Database>,
  nowMs = Date.now(),
  batch = BATCH,
): Promise<number> {
  const cutoff = reservationPruneCutoff(nowMs);
  let deleted = 0;
  for (;;) {
    const result = await db
      .deleteFrom("spend_reservations")
      .where("order_id", "in", (eb) =>
        eb
          .selectFrom("spend_reservations")
          .select("order_id")
          .where("created_at", "<", cutoff)
          .limit(batch),
      )
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deleted += count;
    if (count < batch) return deleted;
  }
}
