import { describe, expect, it } from "vitest";
import { newWebhookToken, tokenKeyId, tokenMatches, webhookTokenHash } from "./token";

const KEY_ID = "3f2b8c1e-9a4d-4e7f-8b6a-1c2d3e4f5a6b";

describe("webhook tokens", () => {
  it("name their key and carry 256 random bits", () => {
    const token = newWebhookToken(KEY_ID);
    expect(tokenKeyId(token)).toBe(KEY_ID);
    expect(token.split(".")[1]).toHaveLength(43);
    expect(newWebhookToken(KEY_ID)).not.toBe(token);
  });

  it("match only their own hash", () => {
    const token = newWebhookToken(KEY_ID);
    const stored = webhookTokenHash(token);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenMatches(token, stored)).toBe(true);
    expect(tokenMatches(newWebhookToken(KEY_ID), stored)).toBe(false);
    // One character off, and the same token under another key's id.
    const last = token.at(-1) === "A" ? "B" : "A";
    expect(tokenMatches(`${token.slice(0, -1)}${last}`, stored)).toBe(false);
    expect(tokenMatches(token.replace(KEY_ID, "00000000-0000-4000-8000-000000000000"), stored)).toBe(false);
  });

  it("never match when nothing usable is stored (an unknown key compares against a dummy)", () => {
    const token = newWebhookToken(KEY_ID);
    for (const stored of [undefined, null, "", "0".repeat(64), "not-a-hash"]) expect(tokenMatches(token, stored)).toBe(false);
  });

  it("refuse anything not shaped like a token before any lookup", () => {
    for (const bad of ["", KEY_ID, `${KEY_ID}.short`, `../${KEY_ID}.${"a".repeat(43)}`, `${KEY_ID}.${"a".repeat(43)}x`, `${KEY_ID.toUpperCase()}.${"a".repeat(43)}`]) {
      expect(tokenKeyId(bad)).toBeNull();
    }
  });
});
