import type { ReportDimension, ReportQuery } from "./filter";

// What a report is made of, as the page, the chart and the CSV read it. Client-safe.

/** An amount in one currency: the ISO 4217 numeric code the provider sent, or null when none. */
export type Money = { currency: number | null; amount: number };

export type ReportMetrics = {
  /** Numbers bought (purchased in the range), whatever happened to them since. */
  bought: number;
  /** Of those, the ones at least one code reached. */
  withCode: number;
  /** Cancelled or expired without a code: the provider gives their cost back. */
  refunded: number;
  refundedAmount: Money[];
  /** What the numbers cost, less the refunds, per currency. */
  spend: Money[];
  /** Median time from when SMS Desk first knew the number to its first code; null when none. */
  medianFirstCodeMs: number | null;
};

/** One group's values: a service code, a country code, a member's email (null: bought outside SMS Desk), a key id. */
export type GroupValues = Partial<Record<ReportDimension, string | null>>;

export type ReportGroup = {
  values: GroupValues;
  /** The country's name as the provider gave it, when grouped by country. */
  countryName: string | null;
  metrics: ReportMetrics;
};

export type ReportDay = { dayMs: number; bought: number; spend: Money[] };

export type ReportKey = { id: string; name: string; deleted: boolean };

export type Report = {
  query: ReportQuery;
  /** Largest first (numbers bought), then by their values. */
  groups: ReportGroup[];
  totals: ReportMetrics;
  /** Every day of the range, empty ones included, oldest first. */
  days: ReportDay[];
  /** The team's keys, deleted ones included: the names of the key groups and the filter's choices. */
  keys: ReportKey[];
};

export const codeShare = (m: ReportMetrics): number | null => (m.bought > 0 ? m.withCode / m.bought : null);
