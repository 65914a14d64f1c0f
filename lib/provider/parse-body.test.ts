import { describe, expect, it } from "vitest";
import type { ProviderErrorCode } from "./error-codes";
import { normalizeBody, tokenToError } from "./parse";

describe("normalizeBody", () => {
  it.each([
    ["bare token", 200, "ACCESS_CANCEL", { kind: "token", token: "ACCESS_CANCEL" }],
    ["trailing newline", 200, "ACCESS_CANCEL\n", { kind: "token", token: "ACCESS_CANCEL" }],
    ["trailing CRLF", 200, "STATUS_OK:123456\r\n", { kind: "token", token: "STATUS_OK:123456" }],
    ["surrounding spaces", 200, "  BAD_KEY \t", { kind: "token", token: "BAD_KEY" }],
    ["BOM", 200, "\uFEFFACCESS_READY", { kind: "token", token: "ACCESS_READY" }],
    [
      "token with argument",
      200,
      "BANNED:'2026-12-31 23:59:59'",
      { kind: "token", token: "BANNED:'2026-12-31 23:59:59'" },
    ],
    ["JSON string token", 200, '"ACCESS_CANCEL"', { kind: "token", token: "ACCESS_CANCEL" }],
    [
      "JSON string token + newline",
      200,
      '"STATUS_OK:42"\n',
      { kind: "token", token: "STATUS_OK:42" },
    ],
    [
      "HeroSMS envelope",
      409,
      '{"title":"OTP_RECEIVED","details":"code already received"}',
      { kind: "token", token: "OTP_RECEIVED" },
    ],
    [
      "HeroSMS envelope on 200",
      200,
      '{"title":"NO_ACTIVATION","details":null}',
      { kind: "token", token: "NO_ACTIVATION" },
    ],
    [
      "HeroSMS WRONG_MAX_PRICE: the minimum from info.min",
      400,
      '{"title":"WRONG_MAX_PRICE","details":"max price too low","info":{"min":0.09}}',
      { kind: "token", token: "WRONG_MAX_PRICE:0.09" },
    ],
    [
      "HeroSMS WRONG_MAX_PRICE with a minimum that is not a number",
      400,
      '{"title":"WRONG_MAX_PRICE","info":{"min":"cheap"}}',
      { kind: "token", token: "WRONG_MAX_PRICE" },
    ],
    [
      "status/error envelope",
      200,
      '{"status":"error","error":"NO_ACTIVATIONS"}',
      { kind: "token", token: "NO_ACTIVATIONS" },
    ],
    ["5xx with token", 503, "ERROR_SQL", { kind: "token", token: "ERROR_SQL" }],
    ["JSON object", 200, '{"a":1}', { kind: "json", value: { a: 1 } }],
    ["JSON array", 200, "[1,2]", { kind: "json", value: [1, 2] }],
    ["JSON object on 500", 500, '{"message":"Internal error"}', { kind: "garbage" }],
    ["empty", 200, "", { kind: "garbage" }],
    ["whitespace only", 200, " \r\n ", { kind: "garbage" }],
    ["HTML page", 200, "<!DOCTYPE html><html><body>Bad Gateway</body></html>", { kind: "garbage" }],
    [
      "HTML on 502",
      502,
      "<html><head><title>502 Bad Gateway</title></head></html>",
      { kind: "garbage" },
    ],
    ["truncated JSON", 200, '{"activationId":"1","phone', { kind: "garbage" }],
    ["lower-case text", 200, "Internal Server Error", { kind: "garbage" }],
    ["two lines", 200, "ACCESS_CANCEL\nACCESS_READY", { kind: "garbage" }],
    ["JSON string not a token", 200, '"hello world"', { kind: "garbage" }],
    ["JSON number", 200, "42", { kind: "garbage" }],
    ["JSON null", 200, "null", { kind: "garbage" }],
    ["token with markup", 200, "ACCESS_CANCEL<br>", { kind: "garbage" }],
  ])("%s", (_name, status, body, expected) => {
    expect(normalizeBody(status, body)).toEqual(expected);
  });
});

describe("tokenToError", () => {
  it.each<[string, ProviderErrorCode]>([
    ["BAD_KEY", "BAD_KEY"],
    ["BAD_ACTION", "BAD_ACTION"],
    ["ERROR_SQL", "ERROR_SQL"],
    ["ACCOUNT_INACTIVE", "ACCOUNT_INACTIVE"],
    ["EARLY_CANCEL_DENIED", "EARLY_CANCEL_DENIED"],
    ["NO_ACTIVATION", "NO_ACTIVATION"],
    ["BAD_STATUS", "BAD_STATUS"],
    ["WRONG_ACTIVATION_ID", "WRONG_ACTIVATION_ID"],
    ["BAD_SERVICE", "BAD_SERVICE"],
    ["NO_NUMBERS", "NO_NUMBERS"],
    ["NO_BALANCE", "NO_BALANCE"],
    ["CHANNELS_LIMIT", "CHANNELS_LIMIT"],
    ["WRONG_EXCEPTION_PHONE", "WRONG_EXCEPTION_PHONE"],
    ["ORDER_ALREADY_EXISTS", "ORDER_ALREADY_EXISTS"],
    ["OTP_RECEIVED", "OTP_RECEIVED"],
    ["FREE_CANCELLATION_EXPIRED", "FREE_CANCELLATION_EXPIRED"],
    ["NEW_OTP_RECEIVED", "NEW_OTP_RECEIVED"],
    ["ACTIVATION_NOT_ACTIVE", "ACTIVATION_NOT_ACTIVE"],
    ["BANNED", "BANNED"],
    ["WRONG_MAX_PRICE", "WRONG_MAX_PRICE"],
  ])("%s → %s", (token, code) => {
    const error = tokenToError(token);
    expect(error?.code).toBe(code);
    expect(error?.token).toBe(token);
  });

  it.each([
    ["BANNED:'2026-12-31 23:59:59'", "2026-12-31 23:59:59"],
    ['BANNED:"2026-12-31 23:59:59"', "2026-12-31 23:59:59"],
    ["BANNED:2026-12-31 23:59:59", "2026-12-31 23:59:59"],
    ["BANNED: '2026-12-31 23:59:59' ", "2026-12-31 23:59:59"],
    ["BANNED", undefined],
    ["BANNED:''", undefined],
  ])("BANNED variant %s → bannedUntil %s", (token, until) => {
    const error = tokenToError(token);
    expect(error?.code).toBe("BANNED");
    expect(error?.bannedUntil).toBe(until);
    if (until) expect(error?.message).toContain(until);
  });

  it.each([
    ["WRONG_MAX_PRICE:1.5", 1.5],
    ["WRONG_MAX_PRICE:12", 12],
    ["WRONG_MAX_PRICE:'0.75'", 0.75],
    ["WRONG_MAX_PRICE:1,5", 1.5],
    ["WRONG_MAX_PRICE:abc", undefined],
    ["WRONG_MAX_PRICE", undefined],
  ])("%s → minPrice %s", (token, minPrice) => {
    const error = tokenToError(token);
    expect(error?.code).toBe("WRONG_MAX_PRICE");
    expect(error?.minPrice).toBe(minPrice);
  });

  it.each([
    "ACCESS_CANCEL",
    "ACCESS_CANCEL_ALREADY",
    "STATUS_OK:123",
    "ACCESS_NUMBER:1:2",
    "NO_ACTIVATIONS",
    "NO_BALANCE_FORWARD",
    "BAD_KEYS",
    // Our own classifications are not provider tokens.
    "TIMEOUT",
    "NETWORK",
    "HTTP_ERROR",
    "PROTOCOL_ERROR",
    "UNKNOWN_TOKEN",
  ])("%s is not an error token", (token) => {
    expect(tokenToError(token)).toBeNull();
  });

  it("keeps the HTTP status", () => {
    expect(tokenToError("OTP_RECEIVED", 409)?.httpStatus).toBe(409);
  });

  it("sanitizes and bounds the token", () => {
    const error = tokenToError(`BANNED:${"9".repeat(200)}\u202E`);
    expect(error?.token?.length).toBeLessThanOrEqual(80);
    expect(error?.token).not.toContain("\u202E");
  });
});
