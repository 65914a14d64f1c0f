import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InvalidFiltersAlert, LogPageHeader } from "@/components/log-page/log-page-header";
import { type PageSearchParams, toSearchParams } from "@/components/log-page/search-params";
import { historyFacets, listHistory } from "@/lib/activations/history";
import { historySearch, parseHistoryQuery } from "@/lib/activations/history-filter";
import { requireTeam } from "@/lib/auth/page-guards";
import { NoTeam } from "../_components/no-team";
import { HistoryFilters } from "./_components/history-filters";
import { HistoryPagination } from "./_components/history-pagination";
import { HistoryTable } from "./_components/history-table";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("history");
  return { title: t("title") };
}

/**
 * The team's ended activations for every member: search, filters and the page's position in the
 * URL (a plain GET form and links), rendered on the server 50 rows at a time.
 */
export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<PageSearchParams>;
}) {
  const { session, team } = await requireTeam();
  if (!team) return <NoTeam />;

  const parsed = parseHistoryQuery(toSearchParams(await searchParams));
  const invalid = parsed.ok ? [] : parsed.fields;
  const t = await getTranslations("history");
  const [facets, page] = await Promise.all([
    historyFacets(team.teamId),
    parsed.ok
      ? listHistory(team.teamId, { email: session.email }, parsed.filter, parsed.position)
      : null,
  ]);

  return (
    <div className="grid gap-5">
      <LogPageHeader
        title={t("title")}
        description={`${t("description")} ${t("timeZone")}`}
        exportHref={parsed.ok ? `/api/history/export${historySearch(parsed.values)}` : null}
        exportLabel={t("export")}
        exportHint={t("exportHint")}
      />

      <HistoryFilters facets={facets} values={parsed.values} invalid={invalid} />

      <InvalidFiltersAlert
        title={t("invalid.title")}
        problems={invalid.map((field) => ({ field, text: t(`invalid.${field}`) }))}
      />

      {page && parsed.ok ? (
        <>
          <HistoryTable page={page} values={parsed.values} />
          <HistoryPagination page={page} values={parsed.values} />
        </>
      ) : null}
    </div>
  );
}
