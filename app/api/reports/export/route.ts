import { NextResponse } from "next/server";
import { getTranslations } from "next-intl/server";
import { csvResponse } from "@/lib/activations/csv";
import { withAdmin } from "@/lib/auth/guard";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { parseReportQuery } from "@/lib/reports/filter";
import { buildReport } from "@/lib/reports/report";
import { reportCsv } from "@/lib/reports/report-csv";

// The reports page's "Export CSV": the same range, key and grouping, the same team scoping,
// admins only. One line per group plus the totals: small, so built whole rather than streamed.
export const dynamic = "force-dynamic";

export const GET = withAdmin(async ({ team }, request) => {
  const parsed = parseReportQuery(new URL(request.url).searchParams);
  const t = await getTranslations("reports");
  if (!parsed.ok) {
    // Refused before anything is read.
    const details = parsed.fields.map((field) => t(`invalid.${field}`)).join(" ");
    const error = await translateFailure({ code: "INVALID_INPUT", params: { details } });
    return NextResponse.json({ error }, { status: 400 });
  }
  const report = await buildReport(team.teamId, parsed.query);
  const csv = reportCsv(report, {
    outside: t("outside"),
    total: t("total"),
    deletedKey: (name) => t("filters.deletedKey", { name }),
  });
  return csvResponse(csv, "report");
});
