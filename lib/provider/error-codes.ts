// Client-safe: imported by client components to pick a message, so no `server-only` and no
// Node imports here.

export const PROVIDER_ERROR_CODES = [
  // Tokens the provider sends (see docs/protocol.md).
  "BAD_KEY",
  "BAD_ACTION",
  "ERROR_SQL",
  "BANNED",
  "ACCOUNT_INACTIVE",
  "EARLY_CANCEL_DENIED",
  "NO_ACTIVATION",
  "BAD_STATUS",
  "WRONG_ACTIVATION_ID",
  "BAD_SERVICE",
  "NO_NUMBERS",
  "NO_BALANCE",
  "WRONG_MAX_PRICE",
  "CHANNELS_LIMIT",
  "WRONG_EXCEPTION_PHONE",
  "ORDER_ALREADY_EXISTS",
  // HeroSMS extras (HTTP 409 + JSON envelope).
  "OTP_RECEIVED",
  "FREE_CANCELLATION_EXPIRED",
  "NEW_OTP_RECEIVED",
  "ACTIVATION_NOT_ACTIVE",
  // Our own classifications of answers that are not a known token.
  "UNKNOWN_TOKEN",
  "PROTOCOL_ERROR",
  "TIMEOUT",
  "NETWORK",
  "HTTP_ERROR",
  // Refused by us before or instead of reading an answer (lib/net, transport.ts).
  "REDIRECT_REFUSED",
  "BLOCKED_ADDRESS",
] as const;

export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

// For these we never saw a valid answer, so a write (buy, cancel, finish) may or may not have
// been applied: callers must re-read state (getStatus / getActiveActivations) before acting again.
// An unknown token counts too: it may be a provider's own success variant we have not met.
const OUTCOME_UNKNOWN: ReadonlySet<ProviderErrorCode> = new Set<ProviderErrorCode>([
  "UNKNOWN_TOKEN",
  "TIMEOUT",
  "NETWORK",
  "HTTP_ERROR",
  "PROTOCOL_ERROR",
  // The provider received the request and answered with a redirect: a write may have applied.
  "REDIRECT_REFUSED",
]);

// Worth retrying later (with backoff, outside the client): ERROR_SQL is the provider's own
// "try again" answer, the rest are transport failures.
const TRANSIENT: ReadonlySet<ProviderErrorCode> = new Set<ProviderErrorCode>([
  "ERROR_SQL",
  "TIMEOUT",
  "NETWORK",
  "HTTP_ERROR",
  "PROTOCOL_ERROR",
]);

export function isProviderErrorCode(value: unknown): value is ProviderErrorCode {
  return typeof value === "string" && (PROVIDER_ERROR_CODES as readonly string[]).includes(value);
}

export function isOutcomeUnknown(code: ProviderErrorCode): boolean {
  return OUTCOME_UNKNOWN.has(code);
}

export function isTransient(code: ProviderErrorCode): boolean {
  return TRANSIENT.has(code);
}
