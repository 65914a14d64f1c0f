import { describe, expect, it } from "vitest";
import {
  isOutcomeUnknown,
  isProviderErrorCode,
  isTransient,
  PROVIDER_ERROR_CODES,
  type ProviderErrorCode,
} from "./error-codes";
import { providerErrorMessages } from "./error-messages";
import { ProviderError, sanitizeToken } from "./errors";
import { redactSecret, redactUrl } from "./redact";

describe("error codes", () => {
  const outcomeUnknown = new Set([
    "UNKNOWN_TOKEN",
    "TIMEOUT",
    "NETWORK",
    "HTTP_ERROR",
    "PROTOCOL_ERROR",
    "REDIRECT_REFUSED",
  ]);
  const transient = new Set(["ERROR_SQL", "TIMEOUT", "NETWORK", "HTTP_ERROR", "PROTOCOL_ERROR"]);

  it.each(PROVIDER_ERROR_CODES.map((code) => [code]))("%s classification", (code) => {
    expect(isOutcomeUnknown(code)).toBe(outcomeUnknown.has(code));
    expect(isTransient(code)).toBe(transient.has(code));
    expect(new ProviderError(code).outcomeUnknown).toBe(outcomeUnknown.has(code));
    expect(isProviderErrorCode(code)).toBe(true);
  });

  it("has 27 distinct codes", () => {
    expect(new Set(PROVIDER_ERROR_CODES).size).toBe(27);
    expect(isProviderErrorCode("NOPE")).toBe(false);
  });
});

describe("providerErrorMessages", () => {
  const cases = (["en", "pt-BR"] as const).flatMap((locale) =>
    PROVIDER_ERROR_CODES.map((code): [string, ProviderErrorCode] => [locale, code]),
  );

  it.each(cases)("%s %s is a safe ICU sentence", (locale, code) => {
    const text = providerErrorMessages[locale as "en" | "pt-BR"][code];
    expect(text.length).toBeGreaterThan(10);
    expect(text).toMatch(/[.!]$/);
    expect(text).not.toMatch(/https?:|api_key|handler_api/i);
    // ICU: `'` quotes, braces are placeholders. Only BANNED has one, `{until}`.
    expect(text).not.toContain("'");
    const placeholders = text.match(/\{[^}]*\}/g) ?? [];
    expect(placeholders).toEqual(code === "BANNED" ? ["{until}"] : []);
  });

  it("uses the SMS.online wording for early cancel", () => {
    expect(providerErrorMessages.en.EARLY_CANCEL_DENIED).toBe(
      "The provider does not allow cancelling in the first 2 minutes after purchase.",
    );
    expect(providerErrorMessages["pt-BR"].EARLY_CANCEL_DENIED).toBe(
      "Não é possível cancelar nos primeiros 2 minutos após a compra.",
    );
  });
});

describe("ProviderError", () => {
  it("builds a short English message from its fields", () => {
    const error = new ProviderError("BANNED", {
      token: "BANNED:'2026-12-31 23:59:59'",
      bannedUntil: "2026-12-31 23:59:59",
      httpStatus: 403,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ProviderError");
    expect(error.message).toContain("blocked this account until 2026-12-31 23:59:59");
    expect(error.message).toContain("HTTP 403");
    expect(String(error.stack)).toMatch(/^ProviderError: /);
  });

  it("withAction keeps the fields and names the action", () => {
    const error = new ProviderError("WRONG_MAX_PRICE", { token: "WRONG_MAX_PRICE:2", minPrice: 2 });
    const named = error.withAction("getNumberV2");
    expect(named.message.startsWith("getNumberV2: ")).toBe(true);
    expect(named).toMatchObject({ code: "WRONG_MAX_PRICE", minPrice: 2, action: "getNumberV2" });
  });

  it("serializes to JSON with code and message", () => {
    const json = JSON.parse(JSON.stringify(new ProviderError("TIMEOUT", { detail: "x" })));
    expect(json).toMatchObject({ name: "ProviderError", code: "TIMEOUT", outcomeUnknown: true });
    expect(json.message).toContain("did not answer in time");
  });

  it.each([
    ["plain", "BAD_KEY", "BAD_KEY"],
    ["control chars", "FOO\u0000\u001b[31mBAR", "FOO[31mBAR"],
    ["bidi override", "FOO\u202EBAR", "FOOBAR"],
    ["long", "X".repeat(200), `${"X".repeat(79)}…`],
  ])("sanitizeToken %s", (_name, raw, expected) => {
    expect(sanitizeToken(raw)).toBe(expected);
    expect(sanitizeToken(raw).length).toBeLessThanOrEqual(80);
  });
});

describe("redactUrl", () => {
  it.each([
    [
      "http://127.0.0.1:3100/stubs/handler_api.php?api_key=abc123&action=getStatus&id=1",
      "http://127.0.0.1:3100/stubs/handler_api.php?api_key=***&action=getStatus&id=1",
    ],
    [
      "https://x.test/p?action=getBalance&api_key=abc123",
      "https://x.test/p?action=getBalance&api_key=***",
    ],
    ["https://x.test/p?API_KEY=abc#frag", "https://x.test/p?API_KEY=***#frag"],
    ["https://x.test/p?action=getBalance", "https://x.test/p?action=getBalance"],
    ["/stubs/handler_api.php?api_key=k%2Bey&id=2", "/stubs/handler_api.php?api_key=***&id=2"],
    ["see https://x.test/?api_key=abc and more", "see https://x.test/?api_key=*** and more"],
  ])("%s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it("accepts a URL object", () => {
    const url = new URL("https://x.test/stubs/handler_api.php");
    url.searchParams.set("api_key", "secret-value");
    url.searchParams.set("action", "getBalance");
    expect(redactUrl(url)).toBe(
      "https://x.test/stubs/handler_api.php?api_key=***&action=getBalance",
    );
  });
});

describe("redactSecret", () => {
  it.each([
    ["every occurrence", "a KEY1 b KEY1", "KEY1", "a *** b ***"],
    ["percent-encoded", "api_key=k%2By%2Fz%3D1", "k+y/z=1", "api_key=***"],
    ["form-encoded", "api_key=a+b+c", "a b c", "api_key=***"],
    ["short secret left alone", "abc abc", "abc", "abc abc"],
    ["empty secret", "text", "", "text"],
    ["absent", "nothing here", "SECRET", "nothing here"],
  ])("%s", (_name, text, secret, expected) => {
    expect(redactSecret(text, secret)).toBe(expected);
  });
});
