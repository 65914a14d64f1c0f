import type { getFormatter, getTranslations } from "next-intl/server";
import { countryName, serviceName } from "@/lib/catalog";
import { currencyLetters } from "@/lib/reports/currency";
import type { ReportDimension } from "@/lib/reports/filter";
import type { Money, ReportGroup, ReportKey } from "@/lib/reports/types";

// How the report's figures read on the page (the CSV keeps raw numbers).

export type Format = Awaited<ReturnType<typeof getFormatter>>;
export type T = Awaited<ReturnType<typeof getTranslations<"reports">>>;

export function money(format: Format, m: Money): string {
  const currency = currencyLetters(m.currency);
  return currency
    ? format.number(m.amount, { style: "currency", currency, maximumFractionDigits: 4 })
    : format.number(m.amount, { maximumFractionDigits: 4 });
}

/** Amounts in several currencies side by side (never added together); a dash for none. */
export function moneyList(format: Format, t: T, list: Money[]): string {
  return list.length === 0 ? t("none") : list.map((m) => money(format, m)).join(" · ");
}

export function duration(t: T, ms: number | null): string {
  if (ms === null) return t("none");
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t("duration.hours", { h, m });
  if (m > 0) return t("duration.minutes", { m, s });
  return t("duration.seconds", { s });
}

export function percent(format: Format, share: number | null): string {
  return share === null ? "—" : format.number(share, { style: "percent", maximumFractionDigits: 1 });
}

/** A group's value in one dimension, as people name it. */
export function dimensionLabel(t: T, keys: ReportKey[], group: ReportGroup, dim: ReportDimension): string {
  const value = group.values[dim] ?? null;
  if (dim === "member") return value ?? t("outside");
  if (value === null) return t("none");
  if (dim === "service") return serviceName(value);
  if (dim === "country") return countryName(value, group.countryName);
  const key = keys.find((k) => k.id === value);
  if (!key) return value;
  return key.deleted ? t("filters.deletedKey", { name: key.name }) : key.name;
}

export function groupLabel(t: T, keys: ReportKey[], group: ReportGroup, by: ReportDimension[]): string {
  return by.map((dim) => dimensionLabel(t, keys, group, dim)).join(" · ");
}
