import { describe, expect, it } from "vitest";
import { MAX_WEBHOOK_BODY_BYTES, parseWebhookPayload } from "./payload";

const JSON_TYPE = "application/json";
const REFERENCE = {
  activationId: 123456789,
  service: "tg",
  text: "Your code: 12345",
  code: "12345",
  country: 2,
  receivedAt: "2026-01-01 12:00:00",
};

describe("parseWebhookPayload", () => {
  it("reads the reference payload", () => {
    expect(parseWebhookPayload(JSON_TYPE, JSON.stringify(REFERENCE))).toEqual({
      kind: "code",
      push: {
        activationId: "123456789",
        code: "12345",
        text: "Your code: 12345",
        service: "tg",
        country: "2",
        receivedAt: "2026-01-01 12:00:00",
      },
    });
  });

  it.each([
    ["ids and codes as strings, no optional fields", { activationId: "42", code: "0042" }, { activationId: "42", code: "0042", text: null, service: null, country: null, receivedAt: null }],
    ["a numeric code, null text", { activationId: 42, code: 987654, text: null }, { activationId: "42", code: "987654", text: null, service: null, country: null, receivedAt: null }],
  ])("reads %s", (_name, body, push) => {
    expect(parseWebhookPayload(JSON_TYPE, JSON.stringify(body))).toEqual({ kind: "code", push });
  });

  it("reads a form body, and JSON sent with a wrong content type", () => {
    const form = new URLSearchParams({ activationId: "7", code: "111", receivedAt: "2026-01-01 00:00:01" }).toString();
    expect(parseWebhookPayload("application/x-www-form-urlencoded; charset=utf-8", form)).toMatchObject({
      kind: "code",
      push: { activationId: "7", code: "111", receivedAt: "2026-01-01 00:00:01" },
    });
    expect(parseWebhookPayload("text/plain", JSON.stringify(REFERENCE))).toMatchObject({ kind: "code" });
  });

  it("cuts a long SMS text instead of refusing the code", () => {
    const result = parseWebhookPayload(JSON_TYPE, JSON.stringify({ ...REFERENCE, text: "x".repeat(5000) }));
    expect(result.kind === "code" && result.push.text?.length).toBe(2000);
  });

  it("acknowledges a rental without reading it as an activation", () => {
    const rental = { rentId: 5, sms: { phoneFrom: "Telegram", text: "code 1", date: "2026-01-01 00:00:00" } };
    expect(parseWebhookPayload(JSON_TYPE, JSON.stringify(rental))).toEqual({ kind: "ignored", reason: "rental" });
  });

  it.each([
    ["malformed JSON", "{\"activationId\":", /not JSON/],
    ["an array", "[1]", /not an object/],
    ["a string", "\"STATUS_OK\"", /not an object/],
    ["no activation id", JSON.stringify({ code: "1" }), /activationId/],
    ["an id that is not digits", JSON.stringify({ activationId: "12; DROP", code: "1" }), /activationId/],
    ["an empty code", JSON.stringify({ activationId: 1, code: " " }), /code/],
    ["a code too long", JSON.stringify({ activationId: 1, code: "9".repeat(65) }), /code/],
    ["a huge body", JSON.stringify({ ...REFERENCE, pad: "x".repeat(MAX_WEBHOOK_BODY_BYTES) }), /too large/],
  ])("refuses %s, without echoing the value", (_name, body, reason) => {
    const result = parseWebhookPayload(JSON_TYPE, body);
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.reason).toMatch(reason);
    expect(JSON.stringify(result)).not.toContain("DROP");
  });
});
