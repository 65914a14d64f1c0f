import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { derivedKey } from "@/lib/config/master-key";

// Provider secrets at rest: AES-256-GCM with a fresh 96-bit IV each time, the key's id as
// associated data (a ciphertext copied onto another key's row does not decrypt), and a version
// prefix so the scheme can change later.

const VERSION = "v1";

export function encryptSecret(plain: string, keyId: string, vaultKey = derivedKey("vault")): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", vaultKey, iv);
  cipher.setAAD(Buffer.from(keyId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === "string" ? p : p.toString("base64"))).join(":");
}

export function decryptSecret(sealed: string, keyId: string, vaultKey = derivedKey("vault")): string {
  const [version, iv, tag, ciphertext] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error("Unreadable sealed secret");
  }
  const decipher = createDecipheriv("aes-256-gcm", vaultKey, Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(keyId, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
}

/** What the UI may show of a secret: its last 4 characters. */
export function secretHint(secret: string): string {
  return secret.slice(-4);
}
