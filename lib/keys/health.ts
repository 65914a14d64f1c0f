import "server-only";
import { publishChange } from "@/lib/db/change-notice";
import { appendAudit } from "@/lib/audit/append";
import { getDb } from "@/lib/db";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { log } from "@/lib/log";
import type { ProviderError } from "@/lib/provider";
import type { Failure } from "@/lib/result";
import { parseProviderTime, providerNow } from "./provider-clock";
import type { ProviderKey } from "./provider-keys";

// What the provider says about the account behind a key, as opposed to one call: a ban pauses
// everything for that key until the given time; a rejected key (BAD_KEY, ACCOUNT_INACTIVE)
// pauses it until an admin tests or rotates it. Transient faults (ERROR_SQL, timeouts) change
// nothing here: sync backs off and users retry.
// Every change here is published (publishChange, in the same transaction) so open tables show
// or lift the key's banner at once, on every instance.

/** Without a readable time, a ban pauses the key this long before trying again. */
const DEFAULT_BAN_MS = 10 * 60_000;
const BROKEN_CODES = new Set(["BAD_KEY", "ACCOUNT_INACTIVE"]);
/**
 * Our vault cannot decrypt the key's secret (SMS_DESK_SECRET or master.key changed, a database
 * restored beside another key): no call is possible until an admin pastes the secret again.
 */
export const SECRET_UNREADABLE = "SECRET_UNREADABLE";

export type KeyHealth = { bannedUntilMs: number | null; brokenCode: string | null };

/** Why no call may be made with this key now, or null if it may. */
export function keyBlock(key: KeyHealth, nowMs = Date.now()): Failure | null {
  if (key.brokenCode === SECRET_UNREADABLE) return { code: "KEY_SECRET_UNREADABLE" };
  if (key.brokenCode) return { code: "KEY_BROKEN", params: { reason: key.brokenCode } };
  if (key.bannedUntilMs !== null && key.bannedUntilMs > nowMs) {
    const until = `${new Date(key.bannedUntilMs).toISOString().slice(0, 16).replace("T", " ")} UTC`;
    return { code: "KEY_BANNED", params: { until } };
  }
  return null;
}

/** Records a ban or a rejected key, once, with an audit row. Other errors are ignored. */
export async function recordKeyFault(key: ProviderKey, error: ProviderError): Promise<void> {
  const db = await getDb();
  const now = Date.now();
  if (error.code === "BANNED") {
    // The ban's time is on the provider's clock, in its time zone: convert to ours.
    const providerTime = parseProviderTime(error.bannedUntil?.trim() ?? null, key.tzOffsetMinutes);
    const until = providerTime === null ? now + DEFAULT_BAN_MS : providerTime - (providerNow(key.id, now) - now);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("provider_keys").set({ banned_until: until }).where("id", "=", key.id).execute();
      await publishChange(trx, key.id);
      await appendAudit(trx, {
        team_id: key.teamId,
        key_id: key.id,
        actor: "sync",
        action: "key.banned",
        detail: error.bannedUntil ?? null,
        outcome: "error",
        result: "BANNED",
      });
    });
  } else if (BROKEN_CODES.has(error.code)) {
    await db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable("provider_keys")
        .set({ broken_code: error.code, broken_at: now })
        .where("id", "=", key.id)
        .where("broken_code", "is", null)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) return; // already marked: audit it once
      await publishChange(trx, key.id);
      await appendAudit(trx, {
        team_id: key.teamId,
        key_id: key.id,
        actor: "sync",
        action: "key.broken",
        outcome: "error",
        result: error.code,
      });
    });
  }
}

/**
 * Marks a key whose secret cannot be decrypted, with one audit row however often it is read
 * (every sync pass looks again). Other keys are not affected.
 */
export async function recordSecretUnreadable(key: { id: string; teamId: string; sealed: string }): Promise<void> {
  await (await getDb()).transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("provider_keys")
      .set({ broken_code: SECRET_UNREADABLE, broken_at: Date.now() })
      .where("id", "=", key.id)
      // Only the ciphertext that was read: a Rotate that landed meanwhile is not marked.
      .where("secret_sealed", "=", key.sealed)
      .where((eb) => eb.or([eb("broken_code", "is", null), eb("broken_code", "!=", SECRET_UNREADABLE)]))
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) return; // already marked: audit it once
    await publishChange(trx, key.id);
    log.warn({ keyId: key.id }, "provider key secret cannot be decrypted: an admin must rotate it");
    await appendAudit(trx, {
      team_id: key.teamId,
      key_id: key.id,
      actor: "sync",
      action: "key.unreadable",
      outcome: "error",
      result: SECRET_UNREADABLE,
    });
  });
}

/** The secret decrypts again (the right master secret is back): lift that mark only. */
export async function clearSecretUnreadable(keyId: string, sealed: string): Promise<void> {
  await (await getDb()).transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("provider_keys")
      .set({ broken_code: null, broken_at: null })
      .where("id", "=", keyId)
      .where("secret_sealed", "=", sealed)
      .where("broken_code", "=", SECRET_UNREADABLE)
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) await publishChange(trx, keyId);
  });
}

/**
 * A call went through: the key is healthy again, as far as what the caller read says. Only a
 * ban that has passed is lifted, and only the broken code the caller read (a ban or a rejection
 * another instance recorded meanwhile, from a later answer, stays).
 */
export async function clearKeyFaults(
  key: { id: string; brokenCode: string | null; bannedUntilMs?: number | null },
  nowMs = Date.now(),
): Promise<void> {
  await (await getDb()).transaction().execute(async (trx) => {
    const read = key.brokenCode;
    const readBan = key.bannedUntilMs ?? null;
    // A ban goes if it has passed, or if it is the very ban this call was made under (an admin's
    // Test that succeeded proves the provider lifted it); a newer one another instance recorded
    // meanwhile stays.
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's expression builder for this table.
    const banLifted = (eb: any) =>
      readBan === null ? eb("banned_until", "<=", nowMs) : eb.or([eb("banned_until", "<=", nowMs), eb("banned_until", "=", readBan)]);
    const result = await trx
      .updateTable("provider_keys")
      .set((eb) => {
        const readCode = read === null ? eb.lit(false) : eb("broken_code", "=", read);
        return {
          banned_until: eb.case().when(banLifted(eb)).then(null).else(eb.ref("banned_until")).end(),
          broken_code: eb.case().when(readCode).then(null).else(eb.ref("broken_code")).end(),
          broken_at: eb.case().when(readCode).then(null).else(eb.ref("broken_at")).end(),
        };
      })
      .where("id", "=", key.id)
      .where((eb) => {
        const passedBan = banLifted(eb);
        return read === null ? passedBan : eb.or([passedBan, eb("broken_code", "=", read)]);
      })
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) await publishChange(trx, key.id);
  });
}

/** A ban or a rejected key, as a sentence for the table's banner and buttons. */
export async function blockedMessage(k: { banned_until: number | null; broken_code: string | null }) {
  const block = keyBlock({ bannedUntilMs: k.banned_until === null ? null : Number(k.banned_until), brokenCode: k.broken_code });
  return block ? (await translateFailure(block)).message : null;
}
