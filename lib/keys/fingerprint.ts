import "server-only";
import { createHmac } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { derivedKey } from "@/lib/config/master-key";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/schema";
import { readSecret } from "./provider-keys";

// One provider account is one key in a team: the same secret twice would show every activation
// twice and give the provider two token buckets for one real key. Secrets are compared by a
// keyed fingerprint (HMAC-SHA256 under a key derived from the master secret), never in clear,
// and never by a plain hash that anyone holding the database could test guesses against.

export type DuplicateKey = { id: string; name: string };

export function secretFingerprint(secret: string, key = derivedKey("fingerprint")): string {
  return createHmac("sha256", key).update(secret, "utf8").digest("base64url");
}

/**
 * The provider a base URL reaches, for "same provider": its host and port, lower case, without
 * a trailing dot. A preset and a custom URL to the same host (any path) are the same provider.
 */
export function providerHost(baseUrl: string): string {
  try {
    return new URL(baseUrl.trim()).host.toLowerCase().replace(/\.(?=:\d+$|$)/, "");
  } catch {
    return baseUrl.trim().toLowerCase();
  }
}

/**
 * Keys stored before fingerprints existed get theirs from the decrypted secret the first time
 * their team's keys are checked. A key that cannot be decrypted is skipped: Rotate, which is
 * its only fix, stores a fingerprint with the new secret.
 */
export async function backfillFingerprints(teamId: string): Promise<void> {
  const db = await getDb();
  const rows = await db
    .selectFrom("provider_keys")
    .select(["id", "secret_sealed"])
    .where("team_id", "=", teamId)
    .where("deleted_at", "is", null)
    .where("secret_fingerprint", "is", null)
    .execute();
  for (const row of rows) {
    const secret = readSecret(row);
    if (secret === null) continue;
    await db
      .updateTable("provider_keys")
      .set({ secret_fingerprint: secretFingerprint(secret) })
      .where("id", "=", row.id)
      .where("secret_fingerprint", "is", null)
      .execute();
  }
}

/**
 * A key of this team (not deleted, not `exceptKeyId`) holding the same secret for the same
 * provider endpoint, if any. Run it in the transaction that writes the new fingerprint, so two
 * simultaneous adds cannot both pass.
 */
export async function findDuplicateKey(
  db: Kysely<Database> | Transaction<Database>,
  teamId: string,
  baseUrl: string,
  fingerprint: string,
  exceptKeyId?: string,
): Promise<DuplicateKey | null> {
  let query = db
    .selectFrom("provider_keys")
    .select(["id", "name", "base_url"])
    .where("team_id", "=", teamId)
    .where("deleted_at", "is", null)
    .where("secret_fingerprint", "=", fingerprint);
  if (exceptKeyId) query = query.where("id", "!=", exceptKeyId);
  const endpoint = providerHost(baseUrl);
  const match = (await query.execute()).find((row) => providerHost(row.base_url) === endpoint);
  return match ? { id: match.id, name: match.name } : null;
}
