import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// A key's webhook token: "<key id>.<256 random bits, base64url>", the last segment of its URL.
// The key id finds the key's row (not a secret: the browser sees it); the random part is what
// proves the caller got the URL from an admin. Requests are checked by comparing SHA-256 hashes
// in constant time, a missing key against a dummy hash, so neither a wrong token nor an unknown
// key answers faster. A plain hash is enough: 256 random bits cannot be guessed offline.

const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;
/** Compared against when the key does not exist or has no webhook, so that path costs the same. */
const DUMMY_HASH = "0".repeat(64);

export function newWebhookToken(keyId: string): string {
  return `${keyId}.${randomBytes(SECRET_BYTES).toString("base64url")}`;
}

/** The key id a token names, or null for anything not shaped like a token (no lookup then). */
export function tokenKeyId(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

export function webhookTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether the presented token hashes to the stored hash; constant time, also when none is stored. */
export function tokenMatches(presented: string, storedHash: string | null | undefined): boolean {
  const left = Buffer.from(webhookTokenHash(presented), "hex");
  const stored = storedHash && /^[0-9a-f]{64}$/.test(storedHash) ? storedHash : null;
  const right = Buffer.from(stored ?? DUMMY_HASH, "hex");
  return timingSafeEqual(left, right) && stored !== null;
}
