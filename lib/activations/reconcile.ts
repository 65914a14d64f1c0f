// Pure rules for turning what the provider says now into our record. Shared by sync (rows that
// left the provider's list) and by the action service (a setStatus whose answer was lost).
import type { ReceivedCode } from "@/lib/db/schema";
import type { ActivationAction, ActivationState } from "./state-machine";

export type ProviderStatus =
  | { status: "WAIT_CODE" }
  | { status: "WAIT_RETRY"; lastCode: string }
  | { status: "WAIT_RESEND" }
  | { status: "CANCEL" }
  | { status: "OK"; code: string };

export type ReconcileContext = {
  /** The action a user started and whose answer we lost, if any. */
  pendingAction: ActivationAction | null;
  hasCodes: boolean;
  /** The lifetime has passed on the provider's clock. */
  lifetimeOver: boolean;
};

/**
 * getStatus answers STATUS_CANCEL for cancelled, finished and expired activations alike
 * (docs/protocol.md), so which one it was comes from what we know: the action we sent, whether a
 * code ever arrived (after a code there is no cancel), and whether the lifetime passed.
 */
export function stateFromStatus(s: ProviderStatus, ctx: ReconcileContext): ActivationState {
  switch (s.status) {
    case "WAIT_CODE":
      return "waiting";
    case "WAIT_RETRY":
    case "WAIT_RESEND":
      return "waiting_retry";
    case "OK":
      return "code_received";
    case "CANCEL":
      if (ctx.pendingAction === "finish") return "finished";
      if (ctx.pendingAction === "cancel") return "cancelled";
      if (ctx.hasCodes) return "finished";
      return ctx.lifetimeOver ? "expired" : "cancelled";
  }
}

/** getStatus failing for a row is retried after this long at most (and at least one sync interval). */
export const STATUS_RETRY_MAX_MS = 10 * 60_000;
/**
 * A row whose status cannot be read is closed once its lifetime plus this much has passed on the
 * provider's clock: by then it has ended there whatever it was (the lifetime, a clock skew).
 */
export const STATUS_GRACE_MS = 10 * 60_000;

/**
 * The wait before asking getStatus again after `failures` failures in a row: the sync interval,
 * doubling with each failure, capped; ~150 calls a day for a row that never answers instead of
 * one every pass (28,800 a day at 3 s).
 */
export function statusRetryDelayMs(failures: number, intervalMs: number): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 20);
  return Math.max(intervalMs, Math.min(STATUS_RETRY_MAX_MS, intervalMs * 2 ** doublings));
}

/**
 * The state of a row closed without an answer, past its lifetime and grace: over on the
 * provider's side, as STATUS_CANCEL would say, but with no user action credited (we never
 * learned whether a pending one went through): finished after a code, expired (refunded) before.
 */
export function stateWhenClosedUnanswered(hasCodes: boolean): ActivationState {
  return stateFromStatus({ status: "CANCEL" }, { pendingAction: null, hasCodes, lifetimeOver: true });
}

/** The code a status reveals, if any. */
export function codeFromStatus(s: ProviderStatus): string | null {
  if (s.status === "OK") return s.code;
  if (s.status === "WAIT_RETRY") return s.lastCode || null;
  return null;
}

/** Maps the list's activationStatus (docs/protocol.md) to our state; null when it is unknown. */
export function stateFromListStatus(activationStatus: string, hasCodes: boolean): ActivationState | null {
  switch (activationStatus.trim()) {
    case "4":
    case "1":
      return hasCodes ? "code_received" : "waiting";
    case "2":
      return "code_received";
    case "3":
      return "waiting_retry";
    case "8":
      return "cancelled";
    case "10":
      return "expired";
    case "6":
      return "finished";
    default:
      return null;
  }
}

/**
 * Adds the codes the provider knows and we do not. Providers send either every code so far (an
 * array) or only the latest one, so a longer list extending ours appends its tail, and anything
 * else appends the latest code if it differs from our latest.
 */
export function mergeCodes(
  ours: ReceivedCode[],
  theirs: string[],
  text: string | null,
  atMs: number,
  /** The same moment on the provider's clock, kept for team rules ("Y minutes after a code"). */
  providerAtMs?: number,
): ReceivedCode[] {
  const incoming = theirs.map((c) => c.trim()).filter(Boolean);
  if (incoming.length === 0) return ours;
  const extendsOurs = ours.every((c, i) => incoming[i] === c.code);
  const fresh = extendsOurs
    ? incoming.slice(ours.length)
    : incoming.at(-1) !== ours.at(-1)?.code
      ? [incoming.at(-1) as string]
      : [];
  return [
    ...ours,
    ...fresh.map((code, i) => ({
      code,
      text: i === fresh.length - 1 ? text : null,
      at: atMs,
      ...(providerAtMs === undefined ? {} : { providerAt: providerAtMs }),
    })),
  ];
}
