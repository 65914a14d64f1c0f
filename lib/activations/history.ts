import "server-only";
import { type Kysely, sql } from "kysely";
import { COMMON_COUNTRIES, COMMON_SERVICES } from "@/lib/catalog";
import { type Database, getDb } from "@/lib/db";
import { engineOf } from "@/lib/db/engine";
import {
  HISTORY_PAGE_SIZE,
  HISTORY_STATES,
  type HistoryCursor,
  type HistoryFilter,
  type HistoryPosition,
  type HistoryState,
} from "./history-filter";
import { type Eb, type HistoryViewer, historyConditions } from "./history-where";
import { parseCodes } from "./rows";

// The team's ended activations, of any age: what /history shows and exports. Scoped by the
// team's keys, deleted ones included (a key's soft delete keeps its rows and its name, and a
// team's history must survive it). "Ended" is a terminal state, or a row still marked running
// whose lifetime plus sync's grace has passed (history-where.ts says why); such a row shows the
// end sync would record (finished with a code, else expired), marked as assumed.

export type { HistoryViewer } from "./history-where";

export type HistoryRowDto = {
  keyId: string;
  keyName: string;
  keyDeleted: boolean;
  id: string;
  /** Digits, no "+". */
  phone: string;
  service: string;
  countryCode: string;
  countryName: string | null;
  state: HistoryState;
  /** Still marked running in our database, past its lifetime: the end shown is sync's rule. */
  assumed: boolean;
  codes: string[];
  cost: number | null;
  currency: number | null;
  purchasedAtMs: number;
  /** Our own Finish/Cancel's time; for an expiry the lifetime's end; else when we recorded it. */
  endedAtMs: number;
  lastAction: string | null;
  lastActor: string | null;
  orderedBy: string | null;
};

export type HistoryPage = {
  rows: HistoryRowDto[];
  /** Rows matching the filter, all pages. */
  total: number;
  /** The 1-based place of the first row shown in the whole filtered history; 0 when none. */
  start: number;
  /** Where the previous (newer) and next (older) pages start, or null when there are none. */
  newer: HistoryCursor | null;
  older: HistoryCursor | null;
};

export type HistoryFacets = {
  keys: { id: string; name: string; deleted: boolean }[];
  services: string[];
  countries: { code: string; name: string | null }[];
};

const ORDER = ["activations.purchased_at", "activations.key_id", "activations.id"] as const;

function baseQuery(
  db: Kysely<Database>,
  teamId: string,
  filter: HistoryFilter,
  viewer: HistoryViewer,
  nowMs: number,
) {
  const engine = engineOf(db);
  return (
    db
      .selectFrom("activations")
      // The join is the team scope: only the team's keys' rows, deleted keys included.
      .innerJoin("provider_keys", (join) =>
        join
          .onRef("provider_keys.id", "=", "activations.key_id")
          .on("provider_keys.team_id", "=", teamId),
      )
      .where((eb) => historyConditions(eb, engine, filter, viewer, nowMs))
  );
}

function rowsQuery(
  db: Kysely<Database>,
  teamId: string,
  filter: HistoryFilter,
  viewer: HistoryViewer,
  nowMs: number,
) {
  return baseQuery(db, teamId, filter, viewer, nowMs).select([
    "activations.key_id",
    "activations.id",
    "activations.phone",
    "activations.service",
    "activations.country_code",
    "activations.country_name",
    "activations.cost",
    "activations.currency",
    "activations.state",
    "activations.codes",
    "activations.purchased_at",
    "activations.expires_at",
    "activations.updated_at",
    "activations.last_action",
    "activations.last_action_at",
    "activations.last_actor",
    "activations.ordered_by",
    "provider_keys.name as key_name",
    "provider_keys.deleted_at as key_deleted_at",
  ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof rowsQuery>["execute"]>>[number];

const isEnded = (state: string): state is HistoryState =>
  (HISTORY_STATES as readonly string[]).includes(state);

function toDto(row: Row): HistoryRowDto {
  const codes = parseCodes(row.codes).map((c) => c.code);
  const assumed = !isEnded(row.state);
  const state: HistoryState = isEnded(row.state)
    ? row.state
    : codes.length > 0
      ? "finished"
      : "expired";
  const ownEnd =
    (row.last_action === "finish" || row.last_action === "cancel") && row.last_action_at !== null;
  const endedAtMs = ownEnd
    ? Number(row.last_action_at)
    : assumed || state === "expired"
      ? Number(row.expires_at)
      : Number(row.updated_at);
  return {
    keyId: row.key_id,
    keyName: row.key_name,
    keyDeleted: row.key_deleted_at !== null,
    id: row.id,
    phone: row.phone,
    service: row.service,
    countryCode: row.country_code,
    countryName: row.country_name,
    state,
    assumed,
    codes,
    cost: row.cost === null ? null : Number(row.cost),
    currency: row.currency === null ? null : Number(row.currency),
    purchasedAtMs: Number(row.purchased_at),
    endedAtMs,
    lastAction: row.last_action,
    lastActor: row.last_actor,
    orderedBy: row.ordered_by,
  };
}

export const cursorOf = (row: HistoryRowDto): HistoryCursor => ({
  purchasedAt: row.purchasedAtMs,
  keyId: row.keyId,
  id: row.id,
});

const tuple = (eb: Eb) => eb.refTuple(...ORDER);
const valuesOf = (eb: Eb, c: HistoryCursor) => eb.tuple(c.purchasedAt, c.keyId, c.id);

/** One page of rows in the history's order from a position; newest first. */
async function pageRows(
  db: Kysely<Database>,
  teamId: string,
  filter: HistoryFilter,
  viewer: HistoryViewer,
  position: HistoryPosition,
  size: number,
  nowMs: number,
): Promise<HistoryRowDto[]> {
  let query = rowsQuery(db, teamId, filter, viewer, nowMs);
  // Walking towards newer rows (a previous page, the oldest page) reads in reverse, then flips.
  const reverse = position.kind === "before" || position.kind === "last";
  if (position.kind === "after")
    query = query.where((eb) => eb(tuple(eb), "<", valuesOf(eb, position.cursor)));
  if (position.kind === "before")
    query = query.where((eb) => eb(tuple(eb), ">", valuesOf(eb, position.cursor)));
  const direction = reverse ? "asc" : "desc";
  const rows = await query
    .orderBy(ORDER[0], direction)
    .orderBy(ORDER[1], direction)
    .orderBy(ORDER[2], direction)
    .limit(size)
    .execute();
  const dtos = rows.map(toDto);
  return reverse ? dtos.reverse() : dtos;
}

/**
 * One page of the team's history and where it sits: the total and the place of its first row
 * come from one count, so the page can say "51–100 of 1,234" without an offset scan.
 */
export async function listHistory(
  teamId: string,
  viewer: HistoryViewer,
  filter: HistoryFilter,
  position: HistoryPosition = { kind: "start" },
  { pageSize = HISTORY_PAGE_SIZE, nowMs = Date.now() }: { pageSize?: number; nowMs?: number } = {},
): Promise<HistoryPage> {
  const db = await getDb();
  const size = Math.min(1000, Math.max(1, Math.trunc(pageSize)));
  const rows = await pageRows(db, teamId, filter, viewer, position, size, nowMs);
  const first = rows[0];
  const counts = await baseQuery(db, teamId, filter, viewer, nowMs)
    .select((eb) => [
      eb.fn.countAll<number>().as("total"),
      first
        ? sql<number>`sum(CASE WHEN ${eb(tuple(eb), ">", valuesOf(eb, cursorOf(first)))} THEN 1 ELSE 0 END)`.as(
            "newer",
          )
        : sql<number>`0`.as("newer"),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(counts.total);
  const last = rows.at(-1);
  if (!first || !last) return { rows, total, start: 0, newer: null, older: null };
  const start = Number(counts.newer ?? 0) + 1;
  return {
    rows,
    total,
    start,
    newer: start > 1 ? cursorOf(first) : null,
    older: start - 1 + rows.length < total ? cursorOf(last) : null,
  };
}

/**
 * The whole filtered history, newest first, in batches read one after another by keyset: an
 * export of any size holds one batch in memory, and rows ending meanwhile never repeat a row.
 */
export async function* historyBatches(
  teamId: string,
  viewer: HistoryViewer,
  filter: HistoryFilter,
  { batchSize = 1000, nowMs = Date.now() }: { batchSize?: number; nowMs?: number } = {},
): AsyncGenerator<HistoryRowDto[]> {
  const db = await getDb();
  let position: HistoryPosition = { kind: "start" };
  for (;;) {
    const rows = await pageRows(db, teamId, filter, viewer, position, batchSize, nowMs);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    position = { kind: "after", cursor: cursorOf(last) };
  }
}

/** How many of the newest rows the service and country choices are read from. */
const FACET_SAMPLE = 2000;

/**
 * What the filters offer: the team's keys (deleted ones marked), and the services and countries
 * of the catalogue plus those of the team's newest rows. Not a DISTINCT over the whole history
 * (~0.5 s at 100k rows); an older rarity is still found by the search box.
 */
export async function historyFacets(teamId: string): Promise<HistoryFacets> {
  const db = await getDb();
  const [keys, recent] = await Promise.all([
    db
      .selectFrom("provider_keys")
      .select(["id", "name", "deleted_at"])
      .where("team_id", "=", teamId)
      .orderBy("created_at")
      .execute(),
    db
      .selectFrom("activations")
      .innerJoin("provider_keys", "provider_keys.id", "activations.key_id")
      .select(["activations.service", "activations.country_code", "activations.country_name"])
      .where("provider_keys.team_id", "=", teamId)
      .orderBy("activations.purchased_at", "desc")
      .limit(FACET_SAMPLE)
      .execute(),
  ]);
  const services = new Set<string>(COMMON_SERVICES.map((s) => s.code));
  const countries = new Map<string, string | null>(COMMON_COUNTRIES.map((c) => [c.code, null]));
  for (const row of recent) {
    services.add(row.service);
    if (!countries.get(row.country_code)) countries.set(row.country_code, row.country_name);
  }
  return {
    keys: keys.map((k) => ({ id: k.id, name: k.name, deleted: k.deleted_at !== null })),
    // Sorted here: PostgreSQL's collation and SQLite's byte order disagree on punctuation.
    services: [...services].sort(),
    countries: [...countries]
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.code.localeCompare(b.code, "en", { numeric: true })),
  };
}
