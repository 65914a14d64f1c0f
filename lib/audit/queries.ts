import "server-only";
import type { ExpressionBuilder, Kysely } from "kysely";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/schema";
import type { AuditFilter } from "./filter";

// What a team's admins may read of the append-only audit log: their team's rows, plus failed
// sign-ins (which belong to no team) typed with the email of one of their members. Nothing else
// crosses teams: another team's rows and other people's sign-in failures never match.

/** One audit row as the page and the CSV show it. */
export type AuditEntryDto = {
  id: number;
  /** ms since the epoch */
  at: number;
  /** The email at the time, or "sync". */
  actor: string;
  action: string;
  activationId: string | null;
  keyId: string | null;
  /** The key's name (kept after a soft delete); null when the row names no key of this team. */
  keyName: string | null;
  detail: string | null;
  /** ok, error, unknown or refused */
  outcome: string;
  result: string;
  durationMs: number;
};

export type AuditPage = { entries: AuditEntryDto[]; hasMore: boolean };
/** A choice of the "user" filter: a user id, or "sync". */
export type AuditActor = { id: string; label: string };

export const AUDIT_PAGE_SIZE = 100;
export const AUDIT_CSV_MAX_ROWS = 50_000;
/** The filter value, and the recorded actor, of the background sync loop. */
export const SYNC_ACTOR = "sync";
/** Sign-in events recorded with the typed email as actor and no team (lib/auth/sign-in-throttle.ts). */
const SIGN_IN_EVENTS = ["auth.sign_in_failed", "auth.sign_in_throttled"];
const MAX_LIMIT = 1000;

type Eb = ExpressionBuilder<Database, "audit_log">;

/** A failed or throttled sign-in whose typed email (any case: it is recorded as typed) is a member's of the team. */
function memberSignInFailure(eb: Eb, teamId: string) {
  return eb.and([
    eb("audit_log.team_id", "is", null),
    eb("audit_log.action", "in", SIGN_IN_EVENTS),
    eb.exists(
      eb
        .selectFrom("member")
        .innerJoin("user", "user.id", "member.userId")
        .select("member.id")
        .where("member.organizationId", "=", teamId)
        .where((sub) =>
          sub(sub.fn("lower", ["user.email"]), "=", sub.fn("lower", ["audit_log.actor"])),
        ),
    ),
  ]);
}

function visibleTo(eb: Eb, teamId: string) {
  return eb.or([eb("audit_log.team_id", "=", teamId), memberSignInFailure(eb, teamId)]);
}

/** Rows by this user: what they did, and the failed sign-ins typed with their email. */
function byActor(eb: Eb, actor: string) {
  if (actor === SYNC_ACTOR)
    return eb.and([eb("audit_log.actor", "=", SYNC_ACTOR), eb("audit_log.actor_id", "is", null)]);
  return eb.or([
    eb("audit_log.actor_id", "=", actor),
    eb.and([
      eb("audit_log.team_id", "is", null),
      eb("audit_log.action", "in", SIGN_IN_EVENTS),
      eb(
        eb.fn("lower", ["audit_log.actor"]),
        "=",
        eb
          .selectFrom("user")
          .select((sub) => sub.fn<string>("lower", ["user.email"]).as("email"))
          .where("user.id", "=", actor),
      ),
    ]),
  ]);
}

function entriesQuery(db: Kysely<Database>, teamId: string, filter: AuditFilter) {
  return (
    db
      .selectFrom("audit_log")
      // The join checks the team too: a row can only ever name one of the team's own keys.
      .leftJoin("provider_keys", (join) =>
        join
          .onRef("provider_keys.id", "=", "audit_log.key_id")
          .on("provider_keys.team_id", "=", teamId),
      )
      .select([
        "audit_log.id",
        "audit_log.at",
        "audit_log.actor",
        "audit_log.action",
        "audit_log.activation_id",
        "audit_log.key_id",
        "provider_keys.name as key_name",
        "audit_log.detail",
        "audit_log.outcome",
        "audit_log.result",
        "audit_log.duration_ms",
      ])
      .where((eb) => {
        const conditions = [visibleTo(eb, teamId)];
        if (filter.actor !== undefined) conditions.push(byActor(eb, filter.actor));
        if (filter.action !== undefined)
          conditions.push(eb("audit_log.action", "=", filter.action));
        if (filter.activationId !== undefined)
          conditions.push(eb("audit_log.activation_id", "=", filter.activationId));
        if (filter.from !== undefined) conditions.push(eb("audit_log.at", ">=", filter.from));
        if (filter.to !== undefined) conditions.push(eb("audit_log.at", "<", filter.to));
        return eb.and(conditions);
      })
      // Newest first; the id breaks ties between rows written in the same millisecond.
      .orderBy("audit_log.at", "desc")
      .orderBy("audit_log.id", "desc")
  );
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entriesQuery>["execute"]>>[number];

function toDto(row: EntryRow): AuditEntryDto {
  return {
    id: Number(row.id),
    at: Number(row.at),
    actor: row.actor,
    action: row.action,
    activationId: row.activation_id,
    keyId: row.key_id,
    keyName: row.key_name,
    detail: row.detail,
    outcome: row.outcome,
    result: row.result,
    durationMs: Number(row.duration_ms),
  };
}

const clampInt = (value: number, min: number, max: number) =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, Math.trunc(value))) : min;

/** One page of the team's log, newest first; `hasMore` says whether an older page exists. */
export async function listAuditEntries(
  teamId: string,
  filter: AuditFilter,
  { limit = AUDIT_PAGE_SIZE, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<AuditPage> {
  const size = clampInt(limit, 1, MAX_LIMIT);
  const rows = await entriesQuery(await getDb(), teamId, filter)
    .limit(size + 1)
    .offset(clampInt(offset, 0, Number.MAX_SAFE_INTEGER))
    .execute();
  return { entries: rows.slice(0, size).map(toDto), hasMore: rows.length > size };
}

/** Everyone the "user" filter can pick: current members, anyone who acted for the team, sync. */
export async function listAuditActors(teamId: string): Promise<AuditActor[]> {
  const db = await getDb();
  const members = await db
    .selectFrom("member")
    .innerJoin("user", "user.id", "member.userId")
    .select(["user.id", "user.email"])
    .where("member.organizationId", "=", teamId)
    .execute();
  // Former members too: their rows stay, labelled with their current email, else the one recorded.
  const acted = await db
    .selectFrom("audit_log")
    .leftJoin("user", "user.id", "audit_log.actor_id")
    .select((eb) => [
      "audit_log.actor_id",
      eb.fn.max("user.email").as("email"),
      eb.fn.max("audit_log.actor").as("recorded"),
    ])
    .where("audit_log.team_id", "=", teamId)
    .where("audit_log.actor_id", "is not", null)
    .groupBy("audit_log.actor_id")
    .execute();
  const labels = new Map<string, string>();
  for (const row of acted) if (row.actor_id) labels.set(row.actor_id, row.email ?? row.recorded);
  for (const member of members) labels.set(member.id, member.email);
  const actors = [...labels]
    .map(([id, label]) => ({ id, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const sync = await db
    .selectFrom("audit_log")
    .select("audit_log.id")
    .where("audit_log.team_id", "=", teamId)
    .where("audit_log.actor", "=", SYNC_ACTOR)
    .where("audit_log.actor_id", "is", null)
    .limit(1)
    .executeTakeFirst();
  return sync ? [...actors, { id: SYNC_ACTOR, label: SYNC_ACTOR }] : actors;
}

/** The actions present in what the team may read, for the "action" filter. */
export async function listAuditActions(teamId: string): Promise<string[]> {
  const rows = await (await getDb())
    .selectFrom("audit_log")
    .select("audit_log.action")
    .distinct()
    .where((eb) => visibleTo(eb, teamId))
    .execute();
  // Sorted here, not by the database: PostgreSQL's order follows its collation (en_US puts
  // "key.x" and "key_x" differently than SQLite's byte order); code-unit order is the same everywhere.
  return rows.map((r) => r.action).sort();
}

const CSV_COLUMNS = [
  "id",
  "time",
  "actor",
  "action",
  "activation_id",
  "key_id",
  "key_name",
  "detail",
  "outcome",
  "result",
  "duration_ms",
] as const;

/**
 * One CSV field (RFC 4180). A value a spreadsheet would run as a formula (= + - @, and tab or
 * CR, which some spreadsheets strip before looking) gets a leading quote: the log records what
 * people typed, e.g. an email at a failed sign-in, so a cell must never execute.
 */
function csvField(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRow(entry: AuditEntryDto): string {
  return [
    entry.id,
    new Date(entry.at).toISOString(),
    entry.actor,
    entry.action,
    entry.activationId,
    entry.keyId,
    entry.keyName,
    entry.detail,
    entry.outcome,
    entry.result,
    entry.durationMs,
  ]
    .map(csvField)
    .join(",");
}

/** The filtered log as CSV (header, then newest first, at most AUDIT_CSV_MAX_ROWS rows, CRLF). */
export async function auditCsv(teamId: string, filter: AuditFilter): Promise<string> {
  const rows = await entriesQuery(await getDb(), teamId, filter)
    .limit(AUDIT_CSV_MAX_ROWS)
    .execute();
  const lines = [CSV_COLUMNS.join(","), ...rows.map((row) => csvRow(toDto(row)))];
  return `${lines.join("\r\n")}\r\n`;
}
