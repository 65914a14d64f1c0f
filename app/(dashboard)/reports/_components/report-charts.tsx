import { getFormatter, getTranslations } from "next-intl/server";
import { type Bar, BarChart } from "@/components/bar-chart";
import { currencyLabel } from "@/lib/reports/currency";
import { isoDay } from "@/lib/reports/filter";
import type { Report } from "@/lib/reports/types";
import { groupLabel, money } from "./format";

/** The chart of groups shows the largest ones; the table below has every group. */
const CHARTED_GROUPS = 12;

/** Spend per day (one chart per currency: amounts in two currencies are never stacked) and numbers per group. */
export async function ReportCharts({ report }: { report: Report }) {
  const t = await getTranslations("reports");
  const format = await getFormatter();
  const currencies = report.totals.spend.map((m) => m.currency);
  const perGroup: Bar[] = report.groups.slice(0, CHARTED_GROUPS).map((group, i) => ({
    id: String(i),
    label: groupLabel(t, report.keys, group, report.query.by),
    value: group.metrics.bought,
    valueLabel: format.number(group.metrics.bought),
  }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {currencies.map((currency) => (
        <BarChart
          key={currencyLabel(currency)}
          testId="report-chart-spend"
          title={currencies.length > 1 ? t("charts.spendPerDayIn", { currency: currencyLabel(currency) }) : t("charts.spendPerDay")}
          labelHeader={t("charts.day")}
          valueHeader={t("metrics.spend")}
          bars={report.days.map((day) => {
            const amount = day.spend.find((m) => m.currency === currency)?.amount ?? 0;
            return { id: String(day.dayMs), label: isoDay(day.dayMs), value: amount, valueLabel: money(format, { currency, amount }) };
          })}
        />
      ))}
      <BarChart
        testId="report-chart-groups"
        layout="rows"
        title={
          report.groups.length > CHARTED_GROUPS
            ? `${t("charts.boughtPerGroup")} ${t("charts.topGroups", { count: CHARTED_GROUPS })}`
            : t("charts.boughtPerGroup")
        }
        labelHeader={t("charts.group")}
        valueHeader={t("metrics.bought")}
        bars={perGroup}
      />
    </div>
  );
}
