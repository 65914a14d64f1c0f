import { DownloadIcon } from "lucide-react";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { historyFacets, listHistory } from "@/lib/activations/history";
import { historySearch, parseHistoryQuery } from "@/lib/activations/history-filter";
import { requireTeam } from "@/lib/auth/page-guards";
import { NoTeam } from "../_components/no-team";
import { HistoryFilters } from "./_components/history-filters";
import { HistoryPagination } from "./_components/history-pagination";
import { HistoryTable } from "./_components/history-table";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("history");
  return { title: t("title") };
}

function toSearchParams(raw: SearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      params.append(name, item);
  }
  return params;
}

/**
 * The team's ended activations for every member: search, filters and the page's position in the
 * URL (a plain GET form and links), rendered on the server 50 rows at a time.
 */
export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const { session, team } = await requireTeam();
  if (!team) return <NoTeam />;

  const parsed = parseHistoryQuery(toSearchParams(await searchParams));
  const t = await getTranslations("history");
  const [facets, page] = await Promise.all([
    historyFacets(team.teamId),
    parsed.ok
      ? listHistory(team.teamId, { email: session.email }, parsed.filter, parsed.position)
      : null,
  ]);

  return (
    <div className="grid gap-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1">
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-muted-foreground">
            {t("description")} {t("timeZone")}
          </p>
        </div>
        {parsed.ok ? (
          <Button variant="outline" asChild>
            {/* A plain link: the route answers with a download, never a page to prefetch. */}
            <a
              href={`/api/history/export${historySearch(parsed.values)}`}
              download
              title={t("exportHint")}
            >
              <DownloadIcon />
              {t("export")}
            </a>
          </Button>
        ) : null}
      </div>

      <HistoryFilters
        facets={facets}
        values={parsed.values}
        invalid={parsed.ok ? [] : parsed.fields}
      />

      {parsed.ok ? null : (
        <Alert variant="destructive" className="rounded-lg p-4">
          <AlertTitle>{t("invalid.title")}</AlertTitle>
          <ul className="mt-1 list-disc pl-5">
            {parsed.fields.map((field) => (
              <li key={field}>{t(`invalid.${field}`)}</li>
            ))}
          </ul>
        </Alert>
      )}

      {page && parsed.ok ? (
        <>
          <HistoryTable page={page} values={parsed.values} />
          <HistoryPagination page={page} values={parsed.values} />
        </>
      ) : null}
    </div>
  );
}
