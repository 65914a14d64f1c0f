import "server-only";
import { isOutcomeUnknown, type ProviderErrorCode } from "./error-codes";
import { providerErrorMessages } from "./error-messages";

export type ProviderErrorDetails = {
  /** Raw provider token (for UNKNOWN_TOKEN and error tokens); sanitized here. */
  token?: string;
  /** BANNED: the time as the provider sent it, quotes stripped. */
  bannedUntil?: string;
  /** WRONG_MAX_PRICE: the minimum price the provider would accept. */
  minPrice?: number;
  httpStatus?: number;
  /** Protocol action that failed, e.g. "getStatus"; only used to make the message useful. */
  action?: string;
  /** Short extra English text we composed ourselves (never provider or fetch text). */
  detail?: string;
};

const MAX_TOKEN_LENGTH = 80;

// The token ends up in messages and logs: drop control/format characters (newlines, bidi
// overrides) so a hostile or broken provider cannot forge log lines, and bound its length.
export function sanitizeToken(raw: string): string {
  // Cut first: a provider's "token" may be a megabyte long, and only 80 characters survive.
  const cleaned = raw.slice(0, MAX_TOKEN_LENGTH * 4).replace(/[\p{Cc}\p{Cf}]/gu, "").trim();
  return cleaned.length > MAX_TOKEN_LENGTH ? `${cleaned.slice(0, MAX_TOKEN_LENGTH - 1)}…` : cleaned;
}

function composeMessage(code: ProviderErrorCode, d: ProviderErrorDetails): string {
  const base = providerErrorMessages.en[code].replace("{until}", d.bannedUntil ?? "further notice");
  const parts = [d.action ? `${d.action}: ${base}` : base];
  if (d.token !== undefined) parts.push(`token ${JSON.stringify(d.token)}`);
  if (d.httpStatus !== undefined) parts.push(`HTTP ${d.httpStatus}`);
  if (d.minPrice !== undefined) parts.push(`minimum price ${d.minPrice}`);
  if (d.detail) parts.push(d.detail);
  return parts.join(" | ");
}

/**
 * Every failure of the provider layer. The message is built only from the code and the fields
 * below, so it can never contain the api key, the URL or the response body beyond the token.
 */
export class ProviderError extends Error {
  static {
    // On the prototype (not a field) so the stack header already says "ProviderError".
    ProviderError.prototype.name = "ProviderError";
  }

  readonly code: ProviderErrorCode;
  // `declare`: no own property is created unless the constructor assigns one.
  declare readonly token?: string;
  declare readonly bannedUntil?: string;
  declare readonly minPrice?: number;
  declare readonly httpStatus?: number;
  declare readonly action?: string;
  // Kept to rebuild the error with an action (see withAction) without re-sanitizing.
  readonly #details: ProviderErrorDetails;

  constructor(code: ProviderErrorCode, details: ProviderErrorDetails = {}) {
    const d: ProviderErrorDetails = {
      ...details,
      token: details.token === undefined ? undefined : sanitizeToken(details.token),
      bannedUntil:
        details.bannedUntil === undefined ? undefined : sanitizeToken(details.bannedUntil),
    };
    super(composeMessage(code, d));
    this.code = code;
    this.#details = d;
    // Assign only what is present so JSON/log output stays small.
    if (d.token !== undefined) this.token = d.token;
    if (d.bannedUntil !== undefined) this.bannedUntil = d.bannedUntil;
    if (d.minPrice !== undefined) this.minPrice = d.minPrice;
    if (d.httpStatus !== undefined) this.httpStatus = d.httpStatus;
    if (d.action !== undefined) this.action = d.action;
  }

  /** True when a write may or may not have been applied: re-read state before acting again. */
  get outcomeUnknown(): boolean {
    return isOutcomeUnknown(this.code);
  }

  /** Same error, with the action named in the message (parsers do not know the action). */
  withAction(action: string): ProviderError {
    return new ProviderError(this.code, { ...this.#details, action });
  }

  // `JSON.stringify(error)` would otherwise drop the message; loggers benefit from it.
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      token: this.token,
      bannedUntil: this.bannedUntil,
      minPrice: this.minPrice,
      httpStatus: this.httpStatus,
      action: this.action,
      outcomeUnknown: this.outcomeUnknown,
    };
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}
