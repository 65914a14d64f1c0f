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
 * (protocol.md), so which one it was comes from what we know: the action we sent, whether a
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

/** The code a status reveals, if any. */
export function codeFromStatus(s: ProviderStatus): string | null {
  if (s.status === "OK") return s.code;
  if (s.status === "WAIT_RETRY") return s.lastCode || null;
  return null;
}

/** Maps the list's activationStatus (protocol.md) to our state; null when it is unknown. */
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
    ...fresh.map((code, i) => ({ code, text: i === fresh.length - 1 ? text : null, at: atMs })),
  ];
}
