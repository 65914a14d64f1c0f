// Shared shapes of the simulator. Money is kept in integer US cents internally so refunds
// restore balances exactly; it is converted to decimal USD only at the edges.

/** Internal activation states; see the state machine in docs/protocol.md. */
export type ActivationState =
  | "waiting" // STATUS_WAIT_CODE, activationStatus "4"
  | "code_received" // STATUS_OK:<code>, activationStatus "2"
  | "waiting_retry" // STATUS_WAIT_RETRY:<last code>, activationStatus "3"
  | "finished" // after ACCESS_ACTIVATION (or lifetime passed after a code)
  | "cancelled" // after ACCESS_CANCEL
  | "expired"; // lifetime passed with no code, refunded

export interface SimSms {
  code: string;
  text: string;
  /** Simulator-clock epoch ms. */
  at: number;
}

export interface Activation {
  id: string;
  key: string;
  service: string;
  country: string;
  phone: string;
  operator: string;
  costCents: number;
  state: ActivationState;
  /** Simulator-clock epoch ms of the purchase. */
  createdAt: number;
  endedAt: number | null;
  sms: SimSms[];
  /** Simulator-clock epoch ms of the next automatic SMS, or null if none is coming. */
  nextAutoSmsAt: number | null;
  /** False when a test asked for deterministic behaviour (no auto SMS for this activation). */
  autoSms: boolean;
  orderId: string | null;
  refunded: boolean;
}

export interface ProtocolResponse {
  status: number;
  body: string;
  contentType: string;
}

export const TEXT_PLAIN = "text/plain; charset=utf-8";
export const APPLICATION_JSON = "application/json; charset=utf-8";

export function textAnswer(body: string): ProtocolResponse {
  return { status: 200, body, contentType: TEXT_PLAIN };
}

export function jsonAnswer(value: unknown): ProtocolResponse {
  return { status: 200, body: JSON.stringify(value), contentType: APPLICATION_JSON };
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the provider-time format of activationTime and sms.dateTime. */
export function formatSimTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

export function centsToUsd(cents: number): number {
  return cents / 100;
}

export function usdToCents(usd: number): number {
  return Math.round(usd * 100);
}

/**
 * The tail of an API key that is safe to show: at most 4 characters and never more than half
 * of the key, so short test keys are not revealed whole.
 */
export function keySuffix(key: string): string {
  const n = Math.min(4, Math.floor(key.length / 2));
  return n > 0 ? key.slice(-n) : "";
}
