import { DownloadIcon } from "lucide-react";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  type AuditFilterField,
  auditFilterSearch,
  parseAuditFilter,
  parseAuditPage,
} from "@/lib/audit/filter";
import {
  AUDIT_PAGE_SIZE,
  listAuditActions,
  listAuditActors,
  listAuditEntries,
} from "@/lib/audit/queries";
import { adminTeam } from "@/lib/auth/page-guards";
import { AdminOnly } from "../_components/admin-only";
import { AuditFilters } from "./_components/audit-filters";
import { AuditPagination } from "./_components/audit-pagination";
import { AuditTable } from "./_components/audit-table";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("audit");
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

/** The team's audit log for its admins: filters in the URL, server-rendered, no client JS. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Admins only, checked before anything is read: anyone else gets the refusal and no data.
  const team = await adminTeam();
  if (!team) return <AdminOnly />;

  const params = toSearchParams(await searchParams);
  const parsed = parseAuditFilter(params);
  const page = parseAuditPage(params);
  const invalid: AuditFilterField[] = [
    ...(parsed.ok ? [] : parsed.fields),
    ...(page.ok ? [] : ["page" as const]),
  ];
  const t = await getTranslations("audit");
  const [actors, actions, result] = await Promise.all([
    listAuditActors(team.teamId),
    listAuditActions(team.teamId),
    parsed.ok && page.ok
      ? listAuditEntries(team.teamId, parsed.filter, {
          limit: AUDIT_PAGE_SIZE,
          offset: (page.page - 1) * AUDIT_PAGE_SIZE,
        })
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
              href={`/api/audit/export${auditFilterSearch(parsed.values)}`}
              download
              title={t("exportHint")}
            >
              <DownloadIcon />
              {t("export")}
            </a>
          </Button>
        ) : null}
      </div>

      <AuditFilters actors={actors} actions={actions} values={parsed.values} invalid={invalid} />

      {invalid.length > 0 ? (
        <Alert variant="destructive" className="rounded-lg p-4">
          <AlertTitle>{t("invalid.title")}</AlertTitle>
          <ul className="mt-1 list-disc pl-5">
            {invalid.map((field) => (
              <li key={field}>{t(`invalid.${field}`)}</li>
            ))}
          </ul>
        </Alert>
      ) : null}

      {result && page.ok ? (
        <>
          <AuditTable entries={result.entries} filtered={Object.keys(parsed.values).length > 0} />
          <AuditPagination page={page.page} hasMore={result.hasMore} values={parsed.values} />
        </>
      ) : null}
    </div>
  );
}
