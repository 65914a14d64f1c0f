import { getFormatter, getTranslations } from "next-intl/server";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { isoDay } from "@/lib/reports/filter";
import { codeShare, type Report, type ReportMetrics } from "@/lib/reports/types";
import { dimensionLabel, duration, type Format, moneyList, percent, type T } from "./format";

/** The page shows this many groups, largest first; the CSV has them all. */
export const SHOWN_GROUPS = 500;

function MetricCells({ metrics, format, t }: { metrics: ReportMetrics; format: Format; t: T }) {
  return (
    <>
      <TableCell className="text-right tabular-nums" data-col="spend">
        {moneyList(format, t, metrics.spend)}
      </TableCell>
      <TableCell className="text-right tabular-nums" data-col="bought">
        {format.number(metrics.bought)}
      </TableCell>
      <TableCell className="text-right tabular-nums" data-col="code-share">
        {percent(format, codeShare(metrics))}
      </TableCell>
      <TableCell className="text-right tabular-nums" data-col="median">
        {duration(t, metrics.medianFirstCodeMs)}
      </TableCell>
      <TableCell className="text-right tabular-nums" data-col="refunds">
        {format.number(metrics.refunded)}
      </TableCell>
    </>
  );
}

/** One line per group, then the totals; a real table, so it reads the same to a screen reader. */
export async function ReportTable({ report }: { report: Report }) {
  const t = await getTranslations("reports");
  const format = await getFormatter();
  const { by } = report.query;
  const shown = report.groups.slice(0, SHOWN_GROUPS);
  const caption = t("table.caption", {
    from: isoDay(report.query.fromMs),
    to: isoDay(report.query.toMs - 1),
    dimensions: by.map((dim) => t(`dimensions.${dim}`)).join(" × "),
  });
  return (
    <div className="grid gap-2">
      <Table data-testid="report-table">
        <caption className="sr-only">{caption}</caption>
        <TableHeader>
          <TableRow>
            {by.map((dim) => (
              <TableHead key={dim} scope="col">
                {t(`dimensions.${dim}`)}
              </TableHead>
            ))}
            <TableHead scope="col" className="text-right">{t("metrics.spend")}</TableHead>
            <TableHead scope="col" className="text-right">{t("metrics.bought")}</TableHead>
            <TableHead scope="col" className="text-right">{t("metrics.codeShare")}</TableHead>
            <TableHead scope="col" className="text-right">{t("metrics.median")}</TableHead>
            <TableHead scope="col" className="text-right">{t("metrics.refunds")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((group) => (
            <TableRow key={JSON.stringify(by.map((dim) => group.values[dim] ?? null))} data-testid="report-row">
              {by.map((dim) => (
                <TableCell key={dim} data-col={dim} title={dim === "member" && group.values.member === null ? t("outsideHint") : undefined}>
                  {dimensionLabel(t, report.keys, group, dim)}
                </TableCell>
              ))}
              <MetricCells metrics={group.metrics} format={format} t={t} />
            </TableRow>
          ))}
        </TableBody>
        <tfoot className="border-t bg-muted/50 font-medium">
          <TableRow data-testid="report-totals-row">
            <TableCell colSpan={by.length}>{t("total")}</TableCell>
            <MetricCells metrics={report.totals} format={format} t={t} />
          </TableRow>
        </tfoot>
      </Table>
      {report.groups.length > shown.length ? (
        <p className="text-sm text-muted-foreground">{t("moreGroups", { shown: shown.length, total: report.groups.length })}</p>
      ) : null}
    </div>
  );
}
