import "server-only";
import { hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensurePrivateDir, sqlitePathFromUrl } from "@/lib/db/connection";
import { env } from "./env";

// One master secret protects everything at rest: the provider keys (AES-256-GCM), their
// duplicate-check fingerprints (HMAC) and the session signing secret, each under its own
// derived key. It comes from SMS_DESK_SECRET, or in embedded mode from a file generated once
// next to the database (back it up: without it the stored provider keys cannot be decrypted).

const MIN_SECRET_LENGTH = 32;
const FILE_NAME = "master.key";

let cached: Buffer | undefined;

function masterSecret(): Buffer {
  if (cached) return cached;
  const fromEnv = env().SMS_DESK_SECRET;
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new Error(`SMS_DESK_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    cached = Buffer.from(fromEnv, "utf8");
    return cached;
  }
  cached = Buffer.from(readOrCreateKeyFile(masterKeyPath()), "utf8");
  return cached;
}

export function masterKeyPath(): string {
  const dbFile = sqlitePathFromUrl(env().DATABASE_URL);
  const dir = dbFile && dbFile !== ":memory:" ? path.dirname(dbFile) : path.resolve("data");
  return path.join(dir, FILE_NAME);
}

function readOrCreateKeyFile(file: string): string {
  // The same private folder as the database (0700), so neither is readable by other users.
  ensurePrivateDir(path.dirname(file));
  try {
    // "wx": never overwrite an existing key, even if two processes start at once.
    fs.writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const value = fs.readFileSync(file, "utf8").trim();
  if (value.length < MIN_SECRET_LENGTH) throw new Error(`${file} is not a valid master key`);
  return value;
}

type Purpose = "vault" | "auth" | "fingerprint";
// Derived once per purpose, like the master secret itself is read once: HKDF on every key
// decryption was ~0.2 ms of CPU per click. Copies are handed out so no caller can alter the key.
const derived = new Map<Purpose, Buffer>();

/** A 32-byte key for one purpose, derived from the master secret. */
export function derivedKey(purpose: Purpose): Buffer {
  let key = derived.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", masterSecret(), "sms-desk", `sms-desk ${purpose} v1`, 32));
    derived.set(purpose, key);
  }
  return Buffer.from(key);
}
