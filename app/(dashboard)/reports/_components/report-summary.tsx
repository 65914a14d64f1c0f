import { getFormatter, getTranslations } from "next-intl/server";
import { codeShare, type ReportMetrics } from "@/lib/reports/types";
import { duration, moneyList, percent } from "./format";

/** The range's totals, the figures people look for first, each with a line saying what it counts. */
export async function ReportSummary({ totals }: { totals: ReportMetrics }) {
  const t = await getTranslations("reports");
  const format = await getFormatter();
  const items = [
    { id: "spend", label: t("metrics.spend"), value: moneyList(format, t, totals.spend), hint: t("hints.spend") },
    { id: "bought", label: t("metrics.bought"), value: format.number(totals.bought), hint: null },
    {
      id: "code-share",
      label: t("metrics.codeShare"),
      value: percent(format, codeShare(totals)),
      hint: t("hints.codeShare", { withCode: totals.withCode, bought: totals.bought }),
    },
    { id: "median", label: t("metrics.median"), value: duration(t, totals.medianFirstCodeMs), hint: t("hints.median") },
    {
      id: "refunds",
      label: t("metrics.refunds"),
      value: format.number(totals.refunded),
      hint:
        totals.refundedAmount.length > 0
          ? `${t("hints.refunds")} ${t("refundedAmount", { amount: moneyList(format, t, totals.refundedAmount) })}`
          : t("hints.refunds"),
    },
  ];
  return (
    <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
      {items.map((item) => (
        <div key={item.id} className="grid content-start gap-1 rounded-lg border p-4">
          <dt className="text-sm text-muted-foreground">{item.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid={`report-total-${item.id}`}>
            {item.value}
          </dd>
          {item.hint ? <dd className="text-xs text-muted-foreground">{item.hint}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
