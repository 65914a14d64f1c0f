import "server-only";
import type { Transaction } from "kysely";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/schema";
import { log } from "@/lib/log";
import type { ProviderError } from "@/lib/provider";
import { asProviderError } from "@/lib/provider/as-provider-error";
import { RequestNotSent } from "@/lib/provider/client";
import { phase } from "@/lib/timing";
import { type AuditEntry, appendAudit } from "./append";

// The one shape of an audited provider call: intent row (with the claim that allows the call, in
// one transaction) → the call → the outcome row (with what the caller records, in one
// transaction). The `try` holds the provider call only: what the provider throws is its answer
// (an error token, or a lost answer when the outcome is unknown); what our database throws
// afterwards is our failure, and propagates (logged, a generic error for the user), never
// recorded as a lost answer. A call whose outcome was not written is still settled: sync finds
// the row pending and asks getStatus.
//
// A call refused before anything was sent (RequestNotSent: the rate limit's database failed, or a
// sync pass's lease ran out) is not a provider outcome either: the claim is released with an
// "error / NOT_SENT" row, no key fault is recorded, and the error propagates (a generic "try
// again" for the user) instead of an "unknown" that would send sync asking getStatus.

type Trx = Transaction<Database>;

/** The audit row's fixed part: who, which key and activation, what call. */
export type CallAudit = Omit<AuditEntry, "outcome" | "result" | "at" | "duration_ms">;

export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

/** What the caller returns, and a note for the outcome row (e.g. "not applied: row changed"). */
export type Recorded<R> = { value: R; note?: string };

type CallSpec<T, R> = {
  audit: CallAudit;
  call: () => Promise<T>;
  /** The outcome row of a successful call (at least its result), or false for none (balance polls). */
  auditOk: ((value: T) => Partial<AuditEntry> & Pick<AuditEntry, "result">) | false;
  /**
   * What the provider said about the key (a ban, a rejected key): after the outcome transaction,
   * so its own failure (logged) never costs the outcome row.
   */
  onProviderError?: (error: ProviderError) => Promise<void>;
  /** Writes the outcome into our tables, in the same transaction as its audit row. */
  record: (trx: Trx, outcome: CallOutcome<T>, nowMs: number) => Promise<Recorded<R>>;
};

type WithIntent = {
  /**
   * Claims what the call is for (e.g. the row a click acts on); false means someone else holds
   * it: no intent row, no call, and the helper returns null.
   */
  intent: (trx: Trx) => Promise<boolean>;
  /** Undoes the claim when the call was never sent (RequestNotSent): it may be retried at once. */
  release?: (trx: Trx, nowMs: number) => Promise<void>;
};

/** The audit result of a call that was never sent. */
export const NOT_SENT = "NOT_SENT";

export function auditedProviderCall<T, R>(spec: CallSpec<T, R> & WithIntent): Promise<R | null>;
export function auditedProviderCall<T, R>(spec: CallSpec<T, R>): Promise<R>;
export async function auditedProviderCall<T, R>(
  spec: CallSpec<T, R> & Partial<WithIntent>,
): Promise<R | null> {
  const db = await getDb();
  const { intent } = spec;
  if (intent) {
    // The intent is on record before the call: if this process dies while the provider answers,
    // the log still shows what was sent.
    const claimed = await db.transaction().execute(async (trx) => {
      if (!(await intent(trx))) return false;
      await appendAudit(trx, { ...spec.audit, outcome: "sent", result: "PENDING" });
      return true;
    });
    if (!claimed) return null;
    phase("claim");
  }
  const started = Date.now();
  let outcome: CallOutcome<T>;
  try {
    outcome = { ok: true, value: await spec.call() };
  } catch (error) {
    if (error instanceof RequestNotSent) {
      if (intent) await recordNotSent(spec.audit, spec.release, started);
      throw error;
    }
    outcome = { ok: false, error: asProviderError(error) };
  }
  phase("call");
  const now = Date.now();
  const value = await db.transaction().execute(async (trx) => {
    const { value, note } = await spec.record(trx, outcome, now);
    const row = outcome.ok
      ? spec.auditOk && { outcome: "ok", ...spec.auditOk(outcome.value) }
      : {
          outcome: outcome.error.outcomeUnknown ? "unknown" : "error",
          result: outcome.error.token ?? outcome.error.code,
        };
    if (row) {
      const detail = note
        ? [spec.audit.detail, note].filter(Boolean).join("; ")
        : spec.audit.detail;
      await appendAudit(trx, {
        ...spec.audit,
        at: now,
        duration_ms: now - started,
        ...row,
        detail,
      });
    }
    return value;
  });
  phase("settle");
  if (!outcome.ok && spec.onProviderError) {
    await spec.onProviderError(outcome.error).catch((error: unknown) => {
      log.error(
        { err: error instanceof Error ? error.name : typeof error, keyId: spec.audit.key_id },
        "recording a key fault failed",
      );
    });
  }
  return value;
}

/** The claim released and the intent closed honestly: nothing reached the provider. */
async function recordNotSent(
  audit: CallAudit,
  release: WithIntent["release"],
  started: number,
): Promise<void> {
  const now = Date.now();
  const db = await getDb();
  await db.transaction().execute(async (trx) => {
    await release?.(trx, now);
    await appendAudit(trx, {
      ...audit,
      at: now,
      duration_ms: now - started,
      outcome: "error",
      result: NOT_SENT,
    });
  });
}
