import { describe, expect, it } from "vitest";
import {
  type GetStatusResult,
  parseGetBalance,
  parseGetStatus,
  parseSetStatus,
  type SetStatusResult,
} from "./parse";
import { expectProviderError } from "./test-helpers";
import type { ProviderErrorCode } from "./error-codes";

// Errors every action shares (protocol.md lists them per action; all map the same way).
const COMMON_ERRORS: [string, number, string, ProviderErrorCode][] = [
  ["BAD_KEY", 200, "BAD_KEY", "BAD_KEY"],
  ["BAD_ACTION", 200, "BAD_ACTION", "BAD_ACTION"],
  ["ERROR_SQL", 200, "ERROR_SQL", "ERROR_SQL"],
  ["BANNED", 200, "BANNED:'2026-12-31 23:59:59'", "BANNED"],
  ["ACCOUNT_INACTIVE", 200, "ACCOUNT_INACTIVE", "ACCOUNT_INACTIVE"],
  ["error token in 500", 500, "ERROR_SQL\n", "ERROR_SQL"],
  ["error token as JSON string", 200, '"BAD_KEY"', "BAD_KEY"],
  ["HeroSMS envelope 401", 401, '{"title":"BAD_KEY","details":"invalid key"}', "BAD_KEY"],
  ["HTML page", 200, "<html><body>Oops</body></html>", "PROTOCOL_ERROR"],
  ["empty body", 200, "", "PROTOCOL_ERROR"],
  ["truncated JSON", 200, '{"status":"succ', "PROTOCOL_ERROR"],
  ["HTML on 502", 502, "<html>Bad Gateway</html>", "HTTP_ERROR"],
  ["empty on 500", 500, "", "HTTP_ERROR"],
  ["JSON on 500", 500, '{"error":"boom"}', "HTTP_ERROR"],
  ["unknown token", 200, "SOMETHING_NEW", "UNKNOWN_TOKEN"],
  ["unknown token on 503", 503, "SERVICE_UNAVAILABLE", "HTTP_ERROR"],
];

describe("parseSetStatus", () => {
  it.each<[string, number, string, SetStatusResult]>([
    ["ACCESS_READY", 200, "ACCESS_READY", "ACCESS_READY"],
    ["ACCESS_RETRY_GET", 200, "ACCESS_RETRY_GET", "ACCESS_RETRY_GET"],
    ["ACCESS_ACTIVATION", 200, "ACCESS_ACTIVATION", "ACCESS_ACTIVATION"],
    ["ACCESS_CANCEL", 200, "ACCESS_CANCEL", "ACCESS_CANCEL"],
    ["ACCESS_CANCEL_ALREADY", 200, "ACCESS_CANCEL_ALREADY", "ACCESS_CANCEL"],
    ["JSON-string wrapped", 200, '"ACCESS_CANCEL"', "ACCESS_CANCEL"],
    ["trailing CRLF", 200, "ACCESS_ACTIVATION\r\n", "ACCESS_ACTIVATION"],
    ["success token in 500", 500, "ACCESS_CANCEL", "ACCESS_CANCEL"],
    ["success token in 502 + newline", 502, "ACCESS_RETRY_GET\n", "ACCESS_RETRY_GET"],
  ])("%s", (_name, status, body, expected) => {
    expect(parseSetStatus(status, body)).toBe(expected);
  });

  it.each<[string, number, string, ProviderErrorCode]>([
    ...COMMON_ERRORS,
    ["EARLY_CANCEL_DENIED", 200, "EARLY_CANCEL_DENIED", "EARLY_CANCEL_DENIED"],
    ["NO_ACTIVATION", 200, "NO_ACTIVATION", "NO_ACTIVATION"],
    ["BAD_STATUS", 200, "BAD_STATUS", "BAD_STATUS"],
    ["WRONG_ACTIVATION_ID", 200, "WRONG_ACTIVATION_ID", "WRONG_ACTIVATION_ID"],
    ["BAD_SERVICE", 200, "BAD_SERVICE", "BAD_SERVICE"],
    ["HeroSMS OTP_RECEIVED 409", 409, '{"title":"OTP_RECEIVED","details":"x"}', "OTP_RECEIVED"],
    [
      "HeroSMS FREE_CANCELLATION_EXPIRED 409",
      409,
      '{"title":"FREE_CANCELLATION_EXPIRED"}',
      "FREE_CANCELLATION_EXPIRED",
    ],
    [
      "HeroSMS NEW_OTP_RECEIVED 409",
      409,
      '{"title":"NEW_OTP_RECEIVED","details":{}}',
      "NEW_OTP_RECEIVED",
    ],
    [
      "HeroSMS ACTIVATION_NOT_ACTIVE 409",
      409,
      '{"title":"ACTIVATION_NOT_ACTIVE"}',
      "ACTIVATION_NOT_ACTIVE",
    ],
    ["getStatus success token", 200, "STATUS_OK:1234", "UNKNOWN_TOKEN"],
    ["getBalance success token", 200, "ACCESS_BALANCE:1.00", "UNKNOWN_TOKEN"],
    ["success token with argument", 200, "ACCESS_CANCEL:1", "UNKNOWN_TOKEN"],
    ["other action's success in 500", 500, "STATUS_CANCEL", "HTTP_ERROR"],
    ["JSON on 200", 200, '{"status":"success"}', "PROTOCOL_ERROR"],
  ])("%s → %s", (_name, status, body, code) => {
    const error = expectProviderError(() => parseSetStatus(status, body), code);
    if (status >= 300 && code === "HTTP_ERROR") expect(error.httpStatus).toBe(status);
  });

  it.each<[1 | 3 | 6 | 8, string, SetStatusResult | ProviderErrorCode]>([
    [8, "ACCESS_CANCEL", "ACCESS_CANCEL"],
    [8, "ACCESS_CANCEL_ALREADY", "ACCESS_CANCEL"],
    [6, "ACCESS_ACTIVATION", "ACCESS_ACTIVATION"],
    [3, "ACCESS_RETRY_GET", "ACCESS_RETRY_GET"],
    [1, "ACCESS_READY", "ACCESS_READY"],
    [8, "ACCESS_ACTIVATION", "UNKNOWN_TOKEN"],
    [6, "ACCESS_CANCEL", "UNKNOWN_TOKEN"],
    [3, "ACCESS_READY", "UNKNOWN_TOKEN"],
  ])("requested status %s answered %s → %s", (requested, body, expected) => {
    if (expected.startsWith("ACCESS_")) {
      expect(parseSetStatus(200, body, requested)).toBe(expected);
    } else {
      expectProviderError(
        () => parseSetStatus(200, body, requested),
        expected as ProviderErrorCode,
      );
    }
  });
});

describe("parseGetStatus", () => {
  it.each<[string, number, string, GetStatusResult]>([
    ["STATUS_WAIT_CODE", 200, "STATUS_WAIT_CODE", { status: "WAIT_CODE" }],
    [
      "STATUS_WAIT_RETRY:1234",
      200,
      "STATUS_WAIT_RETRY:1234",
      { status: "WAIT_RETRY", lastCode: "1234" },
    ],
    ["STATUS_WAIT_RETRY bare", 200, "STATUS_WAIT_RETRY", { status: "WAIT_RETRY", lastCode: "" }],
    ["STATUS_WAIT_RESEND", 200, "STATUS_WAIT_RESEND", { status: "WAIT_RESEND" }],
    ["STATUS_CANCEL", 200, "STATUS_CANCEL", { status: "CANCEL" }],
    ["STATUS_OK:123456", 200, "STATUS_OK:123456", { status: "OK", code: "123456" }],
    ["STATUS_OK with quotes", 200, "STATUS_OK:'123456'", { status: "OK", code: "123456" }],
    ["STATUS_OK alphanumeric", 200, "STATUS_OK:AB-12 34", { status: "OK", code: "AB-12 34" }],
    ["STATUS_OK + CRLF", 200, "STATUS_OK:123456\r\n", { status: "OK", code: "123456" }],
    ["STATUS_OK JSON string", 200, '"STATUS_OK:987654"', { status: "OK", code: "987654" }],
    ["STATUS_OK in 500", 500, "STATUS_OK:111", { status: "OK", code: "111" }],
    ["STATUS_CANCEL in 503", 503, "STATUS_CANCEL", { status: "CANCEL" }],
  ])("%s", (_name, status, body, expected) => {
    expect(parseGetStatus(status, body)).toEqual(expected);
  });

  it.each<[string, number, string, ProviderErrorCode]>([
    ...COMMON_ERRORS,
    ["NO_ACTIVATION", 200, "NO_ACTIVATION", "NO_ACTIVATION"],
    ["STATUS_OK without code", 200, "STATUS_OK:", "PROTOCOL_ERROR"],
    ["STATUS_OK bare", 200, "STATUS_OK", "PROTOCOL_ERROR"],
    ["setStatus success token", 200, "ACCESS_CANCEL", "UNKNOWN_TOKEN"],
    ["STATUS_CANCEL with argument", 200, "STATUS_CANCEL:1", "UNKNOWN_TOKEN"],
    ["getStatusV2 JSON", 200, '{"verificationType":0,"sms":{"code":"1"}}', "PROTOCOL_ERROR"],
  ])("%s → %s", (_name, status, body, code) => {
    expectProviderError(() => parseGetStatus(status, body), code);
  });
});

describe("parseGetBalance", () => {
  it.each([
    ["ACCESS_BALANCE:12.50", 200, 12.5],
    ["ACCESS_BALANCE:0", 200, 0],
    ["ACCESS_BALANCE:100\n", 200, 100],
    ["ACCESS_BALANCE:3,75", 200, 3.75],
    ['"ACCESS_BALANCE:5.5"', 200, 5.5],
    ["ACCESS_BALANCE:-1.25", 200, -1.25],
    ["ACCESS_BALANCE:7.1", 500, 7.1],
  ])("%s (HTTP %s) → %s", (body, status, amount) => {
    expect(parseGetBalance(status, body)).toBe(amount);
  });

  it.each<[string, number, string, ProviderErrorCode]>([
    ...COMMON_ERRORS,
    ["no amount", 200, "ACCESS_BALANCE:", "PROTOCOL_ERROR"],
    ["bare", 200, "ACCESS_BALANCE", "PROTOCOL_ERROR"],
    ["not a number", 200, "ACCESS_BALANCE:abc", "PROTOCOL_ERROR"],
    ["other action's success", 200, "ACCESS_READY", "UNKNOWN_TOKEN"],
  ])("%s → %s", (_name, status, body, code) => {
    expectProviderError(() => parseGetBalance(status, body), code);
  });
});
