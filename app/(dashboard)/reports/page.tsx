import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InvalidFiltersAlert, LogPageHeader } from "@/components/log-page/log-page-header";
import { type PageSearchParams, toSearchParams } from "@/components/log-page/search-params";
import { adminTeam } from "@/lib/auth/page-guards";
import { DAY_MS, isoDay, parseReportQuery, reportSearch } from "@/lib/reports/filter";
import { buildReport, reportKeys } from "@/lib/reports/report";
import { AdminOnly } from "../_components/admin-only";
import { ReportCharts } from "./_components/report-charts";
import { ReportFilters } from "./_components/report-filters";
import { ReportSummary } from "./_components/report-summary";
import { ReportTable } from "./_components/report-table";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reports");
  return { title: t("title") };
}

/**
 * What the team's numbers cost and how they went, for its admins: range, key and grouping in the
 * URL (a plain GET form), rendered on the server from our database, with a CSV of the same.
 */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  // Admins only, checked before anything is read: anyone else gets the refusal and no data.
  const team = await adminTeam();
  if (!team) return <AdminOnly />;

  const parsed = parseReportQuery(toSearchParams(await searchParams));
  const t = await getTranslations("reports");
  const report = parsed.ok ? await buildReport(team.teamId, parsed.query) : null;
  const keys = report?.keys ?? (await reportKeys(team.teamId));
  const invalid = parsed.ok ? [] : parsed.fields;
  const shown = parsed.ok
    ? { from: isoDay(parsed.query.fromMs), to: isoDay(parsed.query.toMs - DAY_MS), by: parsed.query.by }
    : { from: "", to: "", by: parsed.values.by };

  return (
    <div className="grid gap-5">
      <LogPageHeader
        title={t("title")}
        description={`${t("description")} ${t("timeZone")}`}
        exportHref={parsed.ok ? `/api/reports/export${reportSearch(parsed.query)}` : null}
        exportLabel={t("export")}
        exportHint={t("exportHint")}
      />

      <ReportFilters keys={keys} values={parsed.values} shown={shown} invalid={invalid} />

      <InvalidFiltersAlert
        title={t("invalid.title")}
        problems={invalid.map((field) => ({ field, text: t(`invalid.${field}`) }))}
      />

      {report ? (
        <>
          <ReportSummary totals={report.totals} />
          {report.totals.bought === 0 ? (
            <p className="rounded-lg border p-6 text-center text-muted-foreground">{t("empty")}</p>
          ) : (
            <>
              <ReportCharts report={report} />
              <ReportTable report={report} />
            </>
          )}
        </>
      ) : null}
    </div>
  );
}
