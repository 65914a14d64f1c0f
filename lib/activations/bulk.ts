import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { log } from "@/lib/log";
import type { Outcome } from "@/lib/result";
import type { BulkAction, BulkRow } from "./bulk-plan";
import type { ActivationDto } from "./dto";
import { performAction } from "./service";

// Bulk Finish / Cancel: each row goes through performAction, the very path of a single click
// (team lookup, state machine on the locked row, claim, one setStatus, the key's token bucket,
// intent and outcome audit rows). Nothing is batched towards the provider: a bulk action is N
// clicks, so it is exactly as safe as N clicks, and a row of another team or an unknown row is
// refused by performAction before any call.

/**
 * Rows in flight at once. The key's token bucket paces the provider calls anyway; a small pool
 * keeps few rows claimed ("Sending…") while they wait for a token, so rows further down the list
 * stay free for a teammate's click until their turn, and SQLite's single writer is not queued up.
 */
export const BULK_CONCURRENCY = 4;

export type BulkRowOutcome = BulkRow & { outcome: Outcome<ActivationDto> };

type BulkInput = {
  teamId: string;
  action: BulkAction;
  rows: BulkRow[];
  actor: Actor;
  concurrency?: number;
};

/** Runs every row and returns one outcome per row, in the order given. */
export async function performBulk({
  teamId,
  action,
  rows,
  actor,
  concurrency = BULK_CONCURRENCY,
}: BulkInput): Promise<BulkRowOutcome[]> {
  const results = new Array<BulkRowOutcome>(rows.length);
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const index = next++;
      const row = rows[index] as BulkRow;
      results[index] = { ...row, outcome: await oneRow(teamId, action, row, actor) };
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, rows.length)) }, worker),
  );
  return results;
}

/** One row as one click; a thrown error (our database, a rate limit that could not be read) stays this row's. */
async function oneRow(
  teamId: string,
  action: BulkAction,
  row: BulkRow,
  actor: Actor,
): Promise<Outcome<ActivationDto>> {
  try {
    return await performAction({ teamId, keyId: row.keyId, activationId: row.id, action, actor });
  } catch (error) {
    // The name only: a message could carry a provider URL.
    log.error(
      { err: error instanceof Error ? error.name : typeof error, keyId: row.keyId },
      "bulk action row failed",
    );
    return { ok: false, failure: { code: "UNEXPECTED" } };
  }
}
