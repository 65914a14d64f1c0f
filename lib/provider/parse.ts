import "server-only";
import { ProviderError } from "./errors";
import {
  readAnswer,
  splitToken,
  stripQuotes,
  parseDecimal,
  unexpectedShape,
  unexpectedToken,
} from "./parse-body";
import { FIELD_LIMITS } from "./limits";

// Per-action parsers for the token answers. Each takes the HTTP status and raw body and either
// returns the typed success or throws a ProviderError. Pure: no I/O, so they are unit-tested
// against every variant in docs/protocol.md.

export type { NormalizedBody } from "./parse-body";
export { normalizeBody, tokenToError } from "./parse-body";
export type { ActiveActivation, NumberOrder } from "./parse-json";
export { parseActiveActivations, parseGetNumber } from "./parse-json";

export type SetStatusResult =
  | "ACCESS_READY"
  | "ACCESS_RETRY_GET"
  | "ACCESS_ACTIVATION"
  | "ACCESS_CANCEL";
export type SetStatusCode = 1 | 3 | 6 | 8;

export type GetStatusResult =
  | { status: "WAIT_CODE" }
  | { status: "WAIT_RETRY"; lastCode: string }
  | { status: "WAIT_RESEND" }
  | { status: "CANCEL" }
  | { status: "OK"; code: string };

const SET_STATUS_TOKENS: Readonly<Record<string, SetStatusResult>> = {
  ACCESS_READY: "ACCESS_READY",
  ACCESS_RETRY_GET: "ACCESS_RETRY_GET",
  ACCESS_ACTIVATION: "ACCESS_ACTIVATION",
  ACCESS_CANCEL: "ACCESS_CANCEL",
  // Grizzly and others: already cancelled. The activation is cancelled either way.
  ACCESS_CANCEL_ALREADY: "ACCESS_CANCEL",
};

const EXPECTED_FOR_STATUS: Readonly<Record<SetStatusCode, SetStatusResult>> = {
  1: "ACCESS_READY",
  3: "ACCESS_RETRY_GET",
  6: "ACCESS_ACTIVATION",
  8: "ACCESS_CANCEL",
};

function expectToken(httpStatus: number, body: string): string {
  const answer = readAnswer(httpStatus, body);
  if (answer.kind === "json") throw unexpectedShape(httpStatus, "expected a token, got JSON");
  return answer.token;
}

/**
 * `requestedStatus` (optional) also rejects a success token that answers a different request,
 * e.g. ACCESS_ACTIVATION to a cancel: acting on it would record the wrong final state.
 */
export function parseSetStatus(
  httpStatus: number,
  body: string,
  requestedStatus?: SetStatusCode,
): SetStatusResult {
  const token = expectToken(httpStatus, body);
  const { name, arg } = splitToken(token);
  const result = arg === undefined ? SET_STATUS_TOKENS[name] : undefined;
  if (result === undefined) throw unexpectedToken(token, httpStatus);
  if (requestedStatus !== undefined && EXPECTED_FOR_STATUS[requestedStatus] !== result) {
    throw unexpectedToken(token, httpStatus);
  }
  return result;
}

export function parseGetStatus(httpStatus: number, body: string): GetStatusResult {
  const token = expectToken(httpStatus, body);
  const { name, arg } = splitToken(token);
  // The SMS-Activate docs print `STATUS_OK:'code'`; the wire has no quotes, accept both.
  const value = arg === undefined ? undefined : stripQuotes(arg);
  // A code is a few characters; a longer one is not a code we can show or store.
  if (value !== undefined && value.length > FIELD_LIMITS.code) {
    throw new ProviderError("PROTOCOL_ERROR", { token, detail: `code longer than ${FIELD_LIMITS.code} characters` });
  }
  switch (name) {
    case "STATUS_WAIT_CODE":
      if (arg === undefined) return { status: "WAIT_CODE" };
      break;
    case "STATUS_WAIT_RESEND":
      if (arg === undefined) return { status: "WAIT_RESEND" };
      break;
    case "STATUS_CANCEL":
      if (arg === undefined) return { status: "CANCEL" };
      break;
    case "STATUS_WAIT_RETRY":
      // Some clones send it without the previous code; the state is the same.
      return { status: "WAIT_RETRY", lastCode: value ?? "" };
    case "STATUS_OK":
      // The code is the whole point of this answer: without it the answer is broken, and
      // PROTOCOL_ERROR (not UNKNOWN_TOKEN) makes callers re-check instead of trusting it.
      if (!value)
        throw new ProviderError("PROTOCOL_ERROR", { token, detail: "STATUS_OK without a code" });
      return { status: "OK", code: value };
  }
  throw unexpectedToken(token, httpStatus);
}

export function parseGetBalance(httpStatus: number, body: string): number {
  const token = expectToken(httpStatus, body);
  const { name, arg } = splitToken(token);
  if (name !== "ACCESS_BALANCE") throw unexpectedToken(token, httpStatus);
  const amount = arg === undefined ? undefined : parseDecimal(stripQuotes(arg));
  if (amount === undefined || !Number.isFinite(amount)) {
    throw new ProviderError("PROTOCOL_ERROR", {
      token,
      detail: "ACCESS_BALANCE without a readable amount",
    });
  }
  return amount;
}
