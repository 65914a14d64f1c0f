import "server-only";
import type { ProviderErrorCode } from "./error-codes";
import { ProviderError } from "./errors";
import { MAX_NUMBER_LENGTH } from "./limits";

// Body normalisation and error-token mapping shared by every action parser. Pure: no I/O.

export type NormalizedBody =
  | { kind: "token"; token: string }
  | { kind: "json"; value: unknown }
  | { kind: "garbage" };

// One line (`.` does not match line breaks), upper-case name, optional `:argument`.
const TOKEN_RE = /^[A-Z][A-Z0-9_]*(:.*)?$/;

export function isOk(httpStatus: number): boolean {
  return httpStatus >= 200 && httpStatus <= 299;
}

/** Some providers wrap a JSON document in a one-element array (getPrices, getOperators): the document. */
export function unwrapSingle(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asToken(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  return TOKEN_RE.test(text) ? text : null;
}

// Error envelopes that carry a token: HeroSMS `{"title":"<TOKEN>","details":...}` and the
// `{"status":"error","error":"<TOKEN>"}` shape of getActiveActivations (NO_ACTIVATIONS) that
// some providers also use for other actions.
function envelopeToken(value: Record<string, unknown>): string | null {
  const title = asToken(value.title);
  if (title) return title === "WRONG_MAX_PRICE" ? withMinPrice(title, value.info) : title;
  if (value.status === "error") return asToken(value.error);
  return null;
}

/**
 * HeroSMS puts the lowest accepted price in `info.min` (`{"title":"WRONG_MAX_PRICE","info":
 * {"min":0.09}}`); as `WRONG_MAX_PRICE:0.09` it reads like the text form everywhere after this.
 */
function withMinPrice(title: string, info: unknown): string {
  if (title.includes(":") || !isRecord(info)) return title;
  const min = typeof info.min === "number" || typeof info.min === "string" ? String(info.min).trim() : "";
  return parseDecimal(min) === undefined ? title : `${title}:${min}`;
}

export function normalizeBody(httpStatus: number, body: string): NormalizedBody {
  const text = body.replace(/^\uFEFF/, "").trim();
  if (text === "") return { kind: "garbage" };
  if (TOKEN_RE.test(text)) return { kind: "token", token: text };
  const first = text[0];
  if (first !== '"' && first !== "{" && first !== "[") return { kind: "garbage" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "garbage" };
  }
  // SMS.online's sample code calls response.json(), so some servers wrap the token as a string.
  if (typeof value === "string") {
    const token = asToken(value);
    return token ? { kind: "token", token } : { kind: "garbage" };
  }
  if (isRecord(value)) {
    const token = envelopeToken(value);
    if (token) return { kind: "token", token };
  }
  if (typeof value !== "object" || value === null) return { kind: "garbage" };
  // A JSON document on an error status is a proxy/framework error page, not a protocol answer.
  return isOk(httpStatus) ? { kind: "json", value } : { kind: "garbage" };
}

export function splitToken(token: string): { name: string; arg: string | undefined } {
  const colon = token.indexOf(":");
  if (colon < 0) return { name: token.trim(), arg: undefined };
  return { name: token.slice(0, colon).trim(), arg: token.slice(colon + 1).trim() };
}

/** Removes the quotes some providers put around an argument (`BANNED:'...'`, `STATUS_OK:'...'`). */
export function stripQuotes(value: string): string {
  // A hand loop, not /^['"`]+|['"`]+$/g: that regex retries the second branch at every quote of
  // a long run of quotes, quadratic in a hostile answer's length.
  let start = 0;
  let end = value.length;
  while (start < end && isQuote(value.charCodeAt(start))) start++;
  while (end > start && isQuote(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end).trim();
}

function isQuote(c: number): boolean {
  return c === 0x27 || c === 0x22 || c === 0x60; // ' " `
}

// Tokens that are errors by name alone. Our own classifications (TIMEOUT, NETWORK, ...) are
// deliberately absent: a provider body saying "TIMEOUT" is an unknown token, not our timeout.
const PLAIN_ERROR_TOKENS: ReadonlySet<string> = new Set<ProviderErrorCode>([
  "BAD_KEY",
  "BAD_ACTION",
  "ERROR_SQL",
  "ACCOUNT_INACTIVE",
  "EARLY_CANCEL_DENIED",
  "NO_ACTIVATION",
  "BAD_STATUS",
  "WRONG_ACTIVATION_ID",
  "BAD_SERVICE",
  "NO_NUMBERS",
  "NO_BALANCE",
  "CHANNELS_LIMIT",
  "WRONG_EXCEPTION_PHONE",
  "ORDER_ALREADY_EXISTS",
  "OTP_RECEIVED",
  "FREE_CANCELLATION_EXPIRED",
  "NEW_OTP_RECEIVED",
  "ACTIVATION_NOT_ACTIVE",
]);

/**
 * "12", "-1.5", "1.", ".5" and a decimal comma with digits on both sides ("1,5", seen from
 * providers with a localized backend). Linear in the input and bounded by MAX_NUMBER_LENGTH:
 * the regular expression this replaces (`\d+\.?\d*`) backtracked quadratically, so 40,000
 * digits and a letter held the event loop for seconds.
 */
export function parseDecimal(raw: string): number | undefined {
  if (raw.length === 0 || raw.length > MAX_NUMBER_LENGTH) return undefined;
  let i = raw.charCodeAt(0) === 0x2d ? 1 : 0; // "-"
  let intDigits = 0;
  let fracDigits = 0;
  let separator = "";
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (separator) fracDigits++;
      else intDigits++;
    } else if ((c === 0x2e || c === 0x2c) && !separator) {
      separator = raw[i] as string;
    } else {
      return undefined;
    }
  }
  if (separator === "," ? intDigits === 0 || fracDigits === 0 : intDigits + fracDigits === 0) {
    return undefined;
  }
  return Number(separator === "," ? raw.replace(",", ".") : raw);
}

/** Maps an error token to its ProviderError, or null when the token is not an error token. */
export function tokenToError(token: string, httpStatus?: number): ProviderError | null {
  const { name, arg } = splitToken(token);
  const base = { token, ...(httpStatus === undefined ? {} : { httpStatus }) };
  if (name === "BANNED") {
    const until = arg === undefined ? "" : stripQuotes(arg);
    return new ProviderError("BANNED", { ...base, ...(until ? { bannedUntil: until } : {}) });
  }
  if (name === "WRONG_MAX_PRICE") {
    const minPrice = arg === undefined ? undefined : parseDecimal(stripQuotes(arg));
    return new ProviderError("WRONG_MAX_PRICE", {
      ...base,
      ...(minPrice === undefined ? {} : { minPrice }),
    });
  }
  if (PLAIN_ERROR_TOKENS.has(name)) return new ProviderError(name as ProviderErrorCode, base);
  return null;
}

export type Answer = { kind: "token"; token: string } | { kind: "json"; value: unknown };

/**
 * First step of every action parser: throws for error tokens and unreadable bodies and hands
 * back a token or JSON document for the action-specific part.
 */
export function readAnswer(httpStatus: number, body: string): Answer {
  const normalized = normalizeBody(httpStatus, body);
  if (normalized.kind === "garbage") {
    throw isOk(httpStatus)
      ? new ProviderError("PROTOCOL_ERROR", { detail: "unreadable answer" })
      : new ProviderError("HTTP_ERROR", { httpStatus });
  }
  if (normalized.kind === "token") {
    const error = tokenToError(normalized.token, isOk(httpStatus) ? undefined : httpStatus);
    if (error) throw error;
  }
  return normalized;
}

/**
 * For a token that is not a success of this action. On 2xx it is an answer we do not know; on
 * an error status it is not a recognisable answer at all, so the HTTP failure wins.
 */
export function unexpectedToken(token: string, httpStatus: number): ProviderError {
  return isOk(httpStatus)
    ? new ProviderError("UNKNOWN_TOKEN", { token })
    : new ProviderError("HTTP_ERROR", { token, httpStatus });
}

/** A JSON document where the action answers with a token (or the reverse). */
export function unexpectedShape(httpStatus: number, detail: string): ProviderError {
  return isOk(httpStatus)
    ? new ProviderError("PROTOCOL_ERROR", { detail })
    : new ProviderError("HTTP_ERROR", { httpStatus });
}
