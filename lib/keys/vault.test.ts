import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, secretHint } from "./vault";

const vaultKey = randomBytes(32);

describe("the key vault", () => {
  it("round-trips a secret", () => {
    const sealed = encryptSecret("my-provider-secret-1234", "key-1", vaultKey);
    expect(decryptSecret(sealed, "key-1", vaultKey)).toBe("my-provider-secret-1234");
  });

  it("never stores the secret in clear and never repeats a ciphertext", () => {
    const a = encryptSecret("my-provider-secret-1234", "key-1", vaultKey);
    const b = encryptSecret("my-provider-secret-1234", "key-1", vaultKey);
    expect(a).not.toContain("my-provider-secret");
    expect(Buffer.from(a.split(":")[3] ?? "", "base64").toString("utf8")).not.toContain("secret");
    expect(a).not.toBe(b);
  });

  it("refuses a ciphertext moved to another key's row", () => {
    const sealed = encryptSecret("s3cret-value", "key-1", vaultKey);
    expect(() => decryptSecret(sealed, "key-2", vaultKey)).toThrow();
  });

  it("refuses a tampered ciphertext or the wrong master key", () => {
    const sealed = encryptSecret("s3cret-value", "key-1", vaultKey);
    const parts = sealed.split(":");
    const ct = Buffer.from(parts[3] ?? "", "base64");
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[3] = ct.toString("base64");
    expect(() => decryptSecret(parts.join(":"), "key-1", vaultKey)).toThrow();
    expect(() => decryptSecret(sealed, "key-1", randomBytes(32))).toThrow();
  });

  it("shows only the last 4 characters", () => {
    expect(secretHint("abcdef123456")).toBe("3456");
  });
});
