import "server-only";
import { getDb } from "@/lib/db";
import { DAY_MS, type ReportQuery } from "./filter";
import { type CountRow, countsByGroup, mediansByGroup, type SqlDimension } from "./report-sql";
import type { GroupValues, Money, Report, ReportDay, ReportGroup, ReportKey, ReportMetrics } from "./types";

// A report for one team: the SQL aggregates (report-sql.ts) folded into groups, totals and the
// chart's days. Only the team's keys' activations are read: the SQL's join is the team scope.

const emptyMetrics = (): ReportMetrics => ({
  bought: 0,
  withCode: 0,
  refunded: 0,
  refundedAmount: [],
  spend: [],
  medianFirstCodeMs: null,
});

/** Adds an amount to the list's entry for its currency; currencies stay sorted (null last). */
function addMoney(list: Money[], currency: number | null, amount: number): Money[] {
  const entry = list.find((m) => m.currency === currency);
  if (entry) entry.amount += amount;
  else list.push({ currency, amount });
  return list.sort((a, b) => (a.currency ?? Number.MAX_SAFE_INTEGER) - (b.currency ?? Number.MAX_SAFE_INTEGER));
}

function addCounts(metrics: ReportMetrics, row: CountRow): void {
  const currency = row.currency === null ? null : Number(row.currency);
  const refundedAmount = Number(row.refunded_amount ?? 0);
  metrics.bought += Number(row.bought);
  metrics.withCode += Number(row.with_code ?? 0);
  metrics.refunded += Number(row.refunded ?? 0);
  if (refundedAmount > 0) addMoney(metrics.refundedAmount, currency, refundedAmount);
  addMoney(metrics.spend, currency, Number(row.gross ?? 0) - refundedAmount);
}

/** A group's identity as a map key: its values in order, JSON so null and "" stay apart. */
const groupKey = (row: Record<string, unknown>, size: number) =>
  JSON.stringify(Array.from({ length: size }, (_, i) => row[`d${i}`] ?? null));

const asValue = (raw: unknown): string | null => (raw === null || raw === undefined ? null : String(raw));

async function groups(teamId: string, query: ReportQuery, nowMs: number): Promise<ReportGroup[]> {
  const db = await getDb();
  const dims = query.by;
  const [counts, medians] = await Promise.all([
    countsByGroup(db, teamId, query, dims, nowMs),
    mediansByGroup(db, teamId, query, dims, nowMs),
  ]);
  const byKey = new Map<string, ReportGroup>();
  for (const row of counts) {
    const id = groupKey(row, dims.length);
    let group = byKey.get(id);
    if (!group) {
      const values: GroupValues = {};
      dims.forEach((dim, i) => {
        values[dim] = asValue(row[`d${i}`]);
      });
      group = { values, countryName: row.country_name, metrics: emptyMetrics() };
      byKey.set(id, group);
    }
    group.countryName ??= row.country_name;
    addCounts(group.metrics, row);
  }
  for (const row of medians) {
    const group = byKey.get(groupKey(row, dims.length));
    if (group && row.median_ms !== null) group.metrics.medianFirstCodeMs = Number(row.median_ms);
  }
  return [...byKey.values()].sort((a, b) => b.metrics.bought - a.metrics.bought || compareValues(a.values, b.values));
}

function compareValues(a: GroupValues, b: GroupValues): number {
  for (const dim of Object.keys(a) as (keyof GroupValues)[]) {
    const order = (a[dim] ?? "").localeCompare(b[dim] ?? "");
    if (order !== 0) return order;
  }
  return 0;
}

async function totals(teamId: string, query: ReportQuery, nowMs: number): Promise<ReportMetrics> {
  const db = await getDb();
  const [counts, medians] = await Promise.all([
    countsByGroup(db, teamId, query, [], nowMs),
    mediansByGroup(db, teamId, query, [], nowMs),
  ]);
  const metrics = emptyMetrics();
  for (const row of counts) addCounts(metrics, row);
  const median = medians[0]?.median_ms;
  metrics.medianFirstCodeMs = median === null || median === undefined ? null : Number(median);
  return metrics;
}

async function days(teamId: string, query: ReportQuery, nowMs: number): Promise<ReportDay[]> {
  const dims: SqlDimension[] = ["day"];
  const counts = await countsByGroup(await getDb(), teamId, query, dims, nowMs);
  const byDay = new Map<number, ReportMetrics>();
  for (const row of counts) {
    const day = Number(row.d0);
    const metrics = byDay.get(day) ?? emptyMetrics();
    addCounts(metrics, row);
    byDay.set(day, metrics);
  }
  const out: ReportDay[] = [];
  for (let dayMs = query.fromMs; dayMs < query.toMs; dayMs += DAY_MS) {
    const metrics = byDay.get(dayMs / DAY_MS);
    out.push({ dayMs, bought: metrics?.bought ?? 0, spend: metrics?.spend ?? [] });
  }
  return out;
}

/** The team's keys, deleted ones included, oldest first. */
export async function reportKeys(teamId: string): Promise<ReportKey[]> {
  const rows = await (await getDb())
    .selectFrom("provider_keys")
    .select(["id", "name", "deleted_at"])
    .where("team_id", "=", teamId)
    .orderBy("created_at")
    .execute();
  return rows.map((k) => ({ id: k.id, name: k.name, deleted: k.deleted_at !== null }));
}

/** The team's report for the query; `nowMs` decides which running rows count as ended. */
export async function buildReport(teamId: string, query: ReportQuery, nowMs = Date.now()): Promise<Report> {
  const [groupList, totalMetrics, dayList, keys] = await Promise.all([
    groups(teamId, query, nowMs),
    totals(teamId, query, nowMs),
    days(teamId, query, nowMs),
    reportKeys(teamId),
  ]);
  return { query, groups: groupList, totals: totalMetrics, days: dayList, keys };
}
