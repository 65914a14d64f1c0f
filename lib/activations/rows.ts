import "server-only";
import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { Database, ReceivedCode } from "@/lib/db";
import type { ActivationsTable } from "@/lib/db/schema";
import type { ActivationDto } from "./dto";
import type { ActivationSnapshot, ActivationState } from "./state-machine";

// Reads of `activations` and the row → DTO mapping. Every write lives in ./repository.ts. Callers
// pass the key they are allowed to touch; every query is scoped by it.

export type ActivationRow = Selectable<ActivationsTable>;
type Db = Kysely<Database> | Transaction<Database>;

export const ACTIVE_STATES: ActivationState[] = ["waiting", "code_received", "waiting_retry"];

export function parseCodes(json: string): ReceivedCode[] {
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

export function toSnapshot(row: ActivationRow): ActivationSnapshot {
  return {
    state: row.state,
    purchasedAtMs: Number(row.purchased_at),
    expiresAtMs: Number(row.expires_at),
    canGetAnotherSms: row.can_get_another_sms === 1,
  };
}

export function toDto(row: ActivationRow): ActivationDto {
  return {
    id: row.id,
    keyId: row.key_id,
    phone: row.phone,
    service: row.service,
    countryCode: row.country_code,
    countryName: row.country_name,
    cost: row.cost,
    currency: row.currency,
    ...toSnapshot(row),
    codes: parseCodes(row.codes),
    pendingAction: row.pending_action,
    checking: row.checking === 1,
    lastActor: row.last_actor,
    lastAction: row.last_action,
    lastActionAtMs: row.last_action_at === null ? null : Number(row.last_action_at),
    orderedBy: row.ordered_by,
    updatedAtMs: Number(row.updated_at),
  };
}

export async function findActivation(db: Db, keyId: string, id: string) {
  return db
    .selectFrom("activations")
    .selectAll()
    .where("key_id", "=", keyId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * The table set, newest first: every active row and every one written (so ended) since `sinceMs`.
 * No cap: a busy team's oldest active numbers must stay reachable (issue 9); the browser
 * virtualizes the table, and polls after the first read get 304s or deltas (./poll.ts).
 */
export async function listActivations(db: Db, keyIds: string[], sinceMs: number) {
  if (keyIds.length === 0) return [];
  return db
    .selectFrom("activations")
    .selectAll()
    .where("key_id", "in", keyIds)
    .where((eb) => eb.or([eb("state", "in", ACTIVE_STATES), eb("updated_at", ">=", sinceMs)]))
    .orderBy("purchased_at", "desc")
    .orderBy("id", "desc")
    .orderBy("key_id", "desc")
    .execute();
}

/** Every row of these keys whose version is `fromMs` or later, whatever its state (a poll's delta). */
export async function listWrittenSince(db: Db, keyIds: string[], fromMs: number) {
  if (keyIds.length === 0) return [];
  return db
    .selectFrom("activations")
    .selectAll()
    .where("key_id", "in", keyIds)
    .where("updated_at", ">=", fromMs)
    .execute();
}

/** How many rows of these keys have a version of `fromMs` or later, their newest, and the sum past fromMs. */
export type VersionSummary = { count: number; newest: number | null; sum: number };

/**
 * A summary that moves with every write of a row at version `fromMs` or later: a write either
 * brings a row into that range (count) or moves one inside it strictly forward (sum). Read off
 * the (key_id, updated_at) index. The sum is taken past `fromMs` so it stays a small exact
 * integer on both engines (absolute epoch milliseconds would pass 2^53 after ~5,000 rows).
 */
export async function versionSummary(
  db: Db,
  keyIds: string[],
  fromMs: number,
): Promise<VersionSummary> {
  if (keyIds.length === 0) return { count: 0, newest: null, sum: 0 };
  const row = await db
    .selectFrom("activations")
    .select([
      sql<number>`count(*)`.as("count"),
      sql<number | null>`max(updated_at)`.as("newest"),
      sql<number | null>`CAST(sum(updated_at - ${fromMs}) AS bigint)`.as("sum"),
    ])
    .where("key_id", "in", keyIds)
    .where("updated_at", ">=", fromMs)
    .executeTakeFirstOrThrow();
  return {
    count: Number(row.count),
    newest: row.newest === null ? null : Number(row.newest),
    sum: row.sum === null ? 0 : Number(row.sum),
  };
}

export async function listActiveRows(db: Db, keyId: string) {
  return db
    .selectFrom("activations")
    .selectAll()
    .where("key_id", "=", keyId)
    .where("state", "in", ACTIVE_STATES)
    .execute();
}

/**
 * Each row's version (updated_at, which every write moves strictly forward: see repository.ts)
 * for the key's active rows and those written since `sinceMs`. Sync reads it before it asks for
 * the provider's list: a row whose version moved since was written after the list was fetched.
 */
export async function rowVersions(
  db: Db,
  keyId: string,
  sinceMs: number,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("activations")
    .select(["id", "updated_at"])
    .where("key_id", "=", keyId)
    .where((eb) => eb.or([eb("state", "in", ACTIVE_STATES), eb("updated_at", ">=", sinceMs)]))
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.updated_at)]));
}

/**
 * The team's activation with this provider id under this key. Named by both: two keys of a team
 * (two providers, or two accounts of one) can hand out the same id, and an action must reach
 * exactly the row, and so the provider account, the user clicked.
 */
export async function findTeamActivation(db: Db, teamId: string, keyId: string, id: string) {
  return db
    .selectFrom("activations")
    .innerJoin("provider_keys", "provider_keys.id", "activations.key_id")
    .selectAll("activations")
    .where("provider_keys.team_id", "=", teamId)
    .where("activations.key_id", "=", keyId)
    .where("activations.id", "=", id)
    .executeTakeFirst();
}
