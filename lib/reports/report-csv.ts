import { csvLine, type CsvValue } from "@/lib/activations/csv";
import { countryName, serviceName } from "@/lib/catalog";
import { currencyLabel } from "./currency";
import type { ReportDimension } from "./filter";
import { codeShare, type Money, type Report, type ReportMetrics } from "./types";

// The report as CSV: one line per group in the page's order, then the totals. Money has a column
// per currency the range holds (spend_USD, refunded_amount_RUB, …): a spreadsheet sums a column,
// and amounts in two currencies must never be added. Cells go through csvLine, guarded against
// formula injection (key names and emails are typed by people).

const DIMENSION_COLUMNS: Record<ReportDimension, string[]> = {
  service: ["service", "service_name"],
  country: ["country_code", "country"],
  member: ["member"],
  key: ["key"],
};

const METRIC_COLUMNS = ["numbers_bought", "with_code", "code_share", "median_seconds_to_first_code", "refunds"];

/** Labels the CSV cannot take from the data alone (translated by the caller). */
export type ReportCsvLabels = { outside: string; total: string; deletedKey: (name: string) => string };

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function currenciesOf(report: Report): (number | null)[] {
  const all = new Set<number | null>();
  for (const m of [...report.totals.spend, ...report.totals.refundedAmount]) all.add(m.currency);
  return [...all];
}

const amountIn = (list: Money[], currency: number | null) => round(list.find((m) => m.currency === currency)?.amount ?? 0, 6);

function metricCells(m: ReportMetrics, currencies: (number | null)[]): CsvValue[] {
  const share = codeShare(m);
  return [
    m.bought,
    m.withCode,
    share === null ? null : round(share, 4),
    m.medianFirstCodeMs === null ? null : round(m.medianFirstCodeMs / 1000, 1),
    m.refunded,
    ...currencies.map((c) => amountIn(m.spend, c)),
    ...currencies.map((c) => amountIn(m.refundedAmount, c)),
  ];
}

export function reportCsv(report: Report, labels: ReportCsvLabels): string {
  const { by } = report.query;
  const currencies = currenciesOf(report);
  const keyNames = new Map(report.keys.map((k) => [k.id, k.deleted ? labels.deletedKey(k.name) : k.name]));
  const header = [
    ...by.flatMap((dim) => DIMENSION_COLUMNS[dim]),
    ...METRIC_COLUMNS,
    ...currencies.map((c) => `spend_${currencyLabel(c)}`),
    ...currencies.map((c) => `refunded_amount_${currencyLabel(c)}`),
  ];
  const lines = [csvLine(header)];
  for (const group of report.groups) {
    const cells = by.flatMap((dim): CsvValue[] => {
      const value = group.values[dim] ?? null;
      if (dim === "service") return [value, value === null ? null : serviceName(value)];
      if (dim === "country") return [value, value === null ? null : countryName(value, group.countryName)];
      if (dim === "member") return [value ?? labels.outside];
      return [value === null ? null : (keyNames.get(value) ?? value)];
    });
    lines.push(csvLine([...cells, ...metricCells(group.metrics, currencies)]));
  }
  const dimensionCells = by.flatMap((dim) => DIMENSION_COLUMNS[dim]).length;
  const totalCells: CsvValue[] = [labels.total, ...Array(dimensionCells - 1).fill(null)];
  lines.push(csvLine([...totalCells, ...metricCells(report.totals, currencies)]));
  return lines.join("");
}
