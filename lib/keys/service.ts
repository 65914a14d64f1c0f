import "server-only";
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { Actor } from "@/lib/auth/actor";
import { publishChange } from "@/lib/db/change-notice";
import { ACTIVE_STATES } from "@/lib/activations/rows";
import { appendAudit } from "@/lib/audit/append";
import { auditedProviderCall, type Recorded } from "@/lib/audit/provider-call";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/schema";
import type { Failure, Outcome } from "@/lib/result";
import { requestSync } from "@/lib/sync/sync-requests";
import { checkBaseUrl } from "./base-url";
import { type KeyDto, SECRET_MASK } from "./dto";
import { PROVIDER_PRESETS } from "./presets";
import { providerClientFor } from "./provider-client";
import { blockedMessage, clearKeyFaults, recordKeyFault, SECRET_UNREADABLE } from "./health";
import { backfillFingerprints, type DuplicateKey, findDuplicateKey, secretFingerprint } from "./fingerprint";
import { checkTeamKeysReadable, getTeamKey } from "./provider-keys";
import { encryptSecret, secretHint } from "./vault";

// The key vault's operations for a team's admins. Every function takes the caller's team and
// touches only that team's keys; every change is audited; no secret ever leaves this module
// except sealed into the database or on its way to the provider.

export type NewKey = {
  name: string;
  provider: string;
  baseUrl?: string;
  secret: string;
  /** The provider's no-cancel window after purchase; the preset's (120 s) when absent. */
  earlyCancelSeconds?: number;
  /** How long the provider waits for a code before refunding; the preset's when absent. */
  lifetimeSeconds?: number;
};

function baseUrlFor(provider: string, custom: string | undefined): string | null {
  if (provider === "simulator") return env().SMS_PROVIDER_URL;
  if (provider === "custom") return custom ?? null;
  return PROVIDER_PRESETS.find((p) => p.id === provider)?.baseUrl ?? null;
}

export async function listTeamKeys(teamId: string): Promise<KeyDto[]> {
  await checkTeamKeysReadable(teamId);
  const db = await getDb();
  const rows = await db
    .selectFrom("provider_keys")
    .leftJoin("user", "user.id", "provider_keys.created_by")
    .select((eb) => [
      "provider_keys.id",
      "provider_keys.name",
      "provider_keys.provider",
      "provider_keys.base_url",
      "provider_keys.secret_hint",
      "provider_keys.enabled",
      "provider_keys.created_at",
      "provider_keys.last_used_at",
      "provider_keys.last_error",
      "provider_keys.last_error_at",
      "provider_keys.balance",
      "provider_keys.balance_at",
      "provider_keys.banned_until",
      "provider_keys.broken_code",
      "user.email as created_by_email",
      eb
        .selectFrom("activations")
        .select((a) => a.fn.countAll<number>().as("n"))
        .whereRef("activations.key_id", "=", "provider_keys.id")
        .where("activations.state", "in", ACTIVE_STATES)
        .as("active"),
    ])
    .where("provider_keys.team_id", "=", teamId)
    .where("provider_keys.deleted_at", "is", null)
    .orderBy("provider_keys.created_at")
    .execute();
  return Promise.all(rows.map(async (r) => ({
    id: r.id,
    name: r.name,
    provider: r.provider,
    baseUrl: r.base_url,
    secretMask: `${SECRET_MASK}${r.secret_hint}`,
    enabled: r.enabled === 1,
    createdBy: r.created_by_email ?? "?",
    createdAtMs: Number(r.created_at),
    lastUsedAtMs: r.last_used_at === null ? null : Number(r.last_used_at),
    lastError: r.last_error,
    lastErrorAtMs: r.last_error_at === null ? null : Number(r.last_error_at),
    balance: r.balance,
    balanceAtMs: r.balance_at === null ? null : Number(r.balance_at),
    activeActivations: Number(r.active ?? 0),
    health: await blockedMessage(r),
  })));
}

export async function createKey(teamId: string, actor: Actor, input: NewKey): Promise<Outcome<{ id: string }>> {
  const baseUrl = baseUrlFor(input.provider, input.baseUrl);
  if (!baseUrl) return { ok: false, failure: { code: "KEY_BASE_URL_REQUIRED" } };
  // Typed URLs only: presets are ours, and every connection is checked again anyway.
  const urlRefused = input.provider === "custom" ? await checkBaseUrl(baseUrl) : null;
  if (urlRefused) return { ok: false, failure: urlRefused };
  const preset = PROVIDER_PRESETS.find((p) => p.id === input.provider);
  const id = randomUUID();
  const now = Date.now();
  const db = await getDb();
  const fingerprint = secretFingerprint(input.secret);
  await backfillFingerprints(teamId);
  const duplicate = await db.transaction().execute(async (trx) => {
    const existing = await findDuplicateKey(trx, teamId, baseUrl, fingerprint);
    if (existing) return existing;
    await trx
      .insertInto("provider_keys")
      .values({
        id,
        team_id: teamId,
        name: input.name,
        provider: input.provider,
        base_url: baseUrl,
        secret_sealed: encryptSecret(input.secret, id),
        secret_hint: secretHint(input.secret),
        secret_fingerprint: fingerprint,
        enabled: 1,
        early_cancel_seconds: input.earlyCancelSeconds ?? preset?.earlyCancelSeconds ?? 120,
        lifetime_seconds: input.lifetimeSeconds ?? preset?.lifetimeSeconds ?? 1200,
        tz_offset_minutes: 0,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
        clock_offset_ms: 0,
      })
      .execute();
    await appendAudit(trx, keyAudit(teamId, actor, id, "key.create", `${input.name} (${input.provider})`));
    // Open tables list the team's keys (the order dialog, banners): tell them at once.
    await publishChange(trx, id);
    return null;
  });
  if (duplicate) return { ok: false, failure: duplicateFailure(duplicate) };
  requestSync(id);
  return { ok: true, value: { id } };
}

/** Calls getBalance with the key and records what came back. */
export async function testKey(teamId: string, actor: Actor, keyId: string): Promise<Outcome<{ balance: number }>> {
  const key = await getTeamKey(teamId, keyId);
  if (!key) return { ok: false, failure: { code: "KEY_NOT_FOUND" } };
  const db = await getDb();
  if (key.brokenCode === SECRET_UNREADABLE) {
    // Nothing to test with: only a new secret (Rotate) fixes it. Say so; call nobody.
    await appendAudit(db, { ...keyAudit(teamId, actor, keyId, "key.test", null), outcome: "error", result: SECRET_UNREADABLE });
    return { ok: false, failure: { code: "KEY_SECRET_UNREADABLE" } };
  }
  const tested = await auditedProviderCall({
    audit: { team_id: teamId, actor_id: actor.id, actor: actor.label, action: "key.test", key_id: keyId },
    call: () => providerClientFor(key, { priority: "user" }).getBalance(),
    auditOk: () => ({ result: "ACCESS_BALANCE" }),
    onProviderError: (error) => recordKeyFault(key, error),
    record: async (trx, answer, now): Promise<Recorded<Outcome<{ balance: number }>>> => {
      const change = answer.ok
        ? { balance: answer.value, balance_at: now, last_used_at: now, last_error: null, last_error_at: null }
        : { last_error: answer.error.code, last_error_at: now };
      await trx.updateTable("provider_keys").set(change).where("id", "=", keyId).execute();
      await publishChange(trx, keyId);
      if (answer.ok) return { value: { ok: true, value: { balance: answer.value } } };
      const params = answer.error.bannedUntil ? { until: answer.error.bannedUntil } : undefined;
      return { value: { ok: false, failure: { code: answer.error.code, params } } };
    },
  });
  if (tested.ok) {
    // The key works: lift the rejection and the ban read above (a newer one another instance
    // recorded meanwhile stays), and let sync use it at once.
    await clearKeyFaults(key);
    requestSync(keyId);
  }
  return tested;
}

export async function rotateKey(teamId: string, actor: Actor, keyId: string, secret: string): Promise<Outcome<{ id: string }>> {
  const fingerprint = secretFingerprint(secret);
  await backfillFingerprints(teamId);
  const change = {
    secret_sealed: encryptSecret(secret, keyId),
    secret_hint: secretHint(secret),
    secret_fingerprint: fingerprint,
    last_error: null,
    last_error_at: null,
    // A new secret is the fix for a rejected or unreadable key: let sync and actions try it.
    broken_code: null,
    broken_at: null,
  };
  return changeKey(teamId, actor, keyId, "key.rotate", null, change, async (trx) => {
    // The new secret must not be another key's of this team for the same provider.
    const row = await trx.selectFrom("provider_keys").select("base_url").where("id", "=", keyId).executeTakeFirst();
    const existing = row ? await findDuplicateKey(trx, teamId, row.base_url, fingerprint, keyId) : null;
    return existing ? duplicateFailure(existing) : null;
  });
}

/** KEY_DUPLICATE names the key that already holds the secret, never the secret itself. */
function duplicateFailure(existing: DuplicateKey): Failure {
  return { code: "KEY_DUPLICATE", params: { name: existing.name } };
}

export async function setKeyEnabled(teamId: string, actor: Actor, keyId: string, enabled: boolean) {
  return changeKey(teamId, actor, keyId, enabled ? "key.enable" : "key.disable", null, { enabled: enabled ? 1 : 0 });
}

/**
 * Deletes a key: refused while it has active activations unless confirmed, since those
 * activations could then no longer be cancelled or finished from here. The row stays (its
 * activations keep their history) but the secret is wiped.
 */
export async function deleteKey(teamId: string, actor: Actor, keyId: string, confirmed: boolean) {
  if (!confirmed) {
    const active = (await listTeamKeys(teamId)).find((k) => k.id === keyId)?.activeActivations ?? 0;
    if (active > 0) return { ok: false as const, failure: { code: "KEY_HAS_ACTIVE_ACTIVATIONS" as const, params: { count: active } } };
  }
  return changeKey(teamId, actor, keyId, "key.delete", confirmed ? "confirmed" : null, {
    deleted_at: Date.now(),
    enabled: 0,
    secret_sealed: "",
    secret_hint: "",
    secret_fingerprint: null,
  });
}

type KeyChange = Partial<{
  secret_sealed: string;
  secret_hint: string;
  secret_fingerprint: string | null;
  enabled: number;
  deleted_at: number;
  last_error: null;
  last_error_at: null;
  broken_code: null;
  broken_at: null;
}>;

async function changeKey(
  teamId: string,
  actor: Actor,
  keyId: string,
  action: string,
  detail: string | null,
  change: KeyChange,
  /** Checked in the same transaction, before the change: a failure leaves the key as it was. */
  guard?: (trx: Transaction<Database>) => Promise<Failure | null>,
): Promise<Outcome<{ id: string }>> {
  const db = await getDb();
  const changed = await db.transaction().execute(async (trx) => {
    const refused = guard ? await guard(trx) : null;
    if (refused) return refused;
    const result = await trx
      .updateTable("provider_keys")
      .set({ ...change, updated_at: Date.now() })
      .where("id", "=", keyId)
      .where("team_id", "=", teamId)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) return false;
    await appendAudit(trx, keyAudit(teamId, actor, keyId, action, detail));
    // Open tables show the key (enabled, blocked, gone from the order dialog): tell them now.
    await publishChange(trx, keyId);
    return true;
  });
  if (!changed) return { ok: false, failure: { code: "KEY_NOT_FOUND" } };
  if (changed !== true) return { ok: false, failure: changed };
  requestSync(keyId);
  return { ok: true, value: { id: keyId } };
}

function keyAudit(teamId: string, actor: Actor, keyId: string, action: string, detail: string | null) {
  return { team_id: teamId, actor_id: actor.id, actor: actor.label, action, key_id: keyId, detail, outcome: "ok", result: "OK" };
}
