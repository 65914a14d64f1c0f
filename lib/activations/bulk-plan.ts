// Bulk Finish / Cancel, the part shared by the browser and the server: the action's input schema,
// its per-row result, and which selected rows qualify (and why the others do not) by the same
// state machine the row buttons and performAction use. Client-safe: no server imports.
import { z } from "zod";
import type { ActivationDto, KeyTimingDto } from "./dto";
import { type DisabledReason, DEFAULT_EARLY_CANCEL_SECONDS, availability } from "./state-machine";
import type { ActionError } from "@/lib/result";

export const BULK_ACTIONS = ["finish", "cancel"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/**
 * Rows per server action at most. At the default 10 provider requests per second per key, 100
 * calls keep one request under ~10 s (well inside proxies' 30–60 s timeouts) and its body a few
 * KiB; the dialog sends a bigger selection ("select all matching") in consecutive smaller
 * batches, showing progress between them, instead of one request that may run for minutes.
 */
export const BULK_MAX_ROWS = 100;

const bulkRow = z.strictObject({
  keyId: z.uuid(),
  id: z.string().regex(/^[0-9]{1,20}$/, "must be the activation's digits"),
});
export type BulkRow = z.infer<typeof bulkRow>;

export const rowKey = (row: { keyId: string; id: string }) => `${row.keyId}:${row.id}`;

export const bulkInputSchema = z.strictObject({
  action: z.enum(BULK_ACTIONS),
  rows: z
    .array(bulkRow)
    .min(1)
    .max(BULK_MAX_ROWS)
    // A row named twice would be claimed twice: the second would only fail "in progress", and a
    // replayed list must not look like more work than it is.
    .refine((rows) => new Set(rows.map(rowKey)).size === rows.length, "must not name a row twice"),
});
export type BulkInput = z.infer<typeof bulkInputSchema>;

/** One row's outcome, translated like a single click's (the envelope's error). */
export type BulkRowResult = BulkRow & ({ ok: true } | { ok: false; error: ActionError });

/** Why a selected row is left out of the run. */
export type SkipReason =
  | DisabledReason
  | { code: "busy" }
  | { code: "key_disabled" }
  | { code: "blocked"; message: string };

export type BulkPlan = {
  eligible: ActivationDto[];
  skipped: { activation: ActivationDto; reason: SkipReason }[];
};

/**
 * Splits the selection as the row buttons would: an action in flight first, then the state
 * machine on the key's provider clock and early-cancel window, then a banned or rejected key.
 * The server checks all of it again on each row; this only spares calls it would refuse.
 */
export function planBulk(
  action: BulkAction,
  selected: ActivationDto[],
  keys: KeyTimingDto[],
  serverNowMs: number,
): BulkPlan {
  const byKey = new Map(keys.map((k) => [k.id, k]));
  const plan: BulkPlan = { eligible: [], skipped: [] };
  for (const activation of selected) {
    const key = byKey.get(activation.keyId);
    const providerNowMs = serverNowMs + (key?.clockOffsetMs ?? 0);
    const timing = { earlyCancelSeconds: key?.earlyCancelSeconds ?? DEFAULT_EARLY_CANCEL_SECONDS };
    const check = availability(activation, action, providerNowMs, timing);
    const reason: SkipReason | null =
      activation.pendingAction !== null || activation.checking
        ? { code: "busy" }
        : !check.allowed
          ? check.reason
          : key?.blocked
            ? { code: "blocked", message: key.blocked }
            : key && !key.enabled
              ? { code: "key_disabled" }
              : null;
    if (reason) plan.skipped.push({ activation, reason });
    else plan.eligible.push(activation);
  }
  return plan;
}

/** Consecutive batches of at most BULK_MAX_ROWS rows, in the order given. */
export function batches<T>(rows: T[], size = BULK_MAX_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
