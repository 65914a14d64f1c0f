import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InvalidFiltersAlert, LogPageHeader } from "@/components/log-page/log-page-header";
import { type PageSearchParams, toSearchParams } from "@/components/log-page/search-params";
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

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("audit");
  return { title: t("title") };
}

/** The team's audit log for its admins: filters in the URL, server-rendered, no client JS. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
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
      <LogPageHeader
        title={t("title")}
        description={`${t("description")} ${t("timeZone")}`}
        exportHref={parsed.ok ? `/api/audit/export${auditFilterSearch(parsed.values)}` : null}
        exportLabel={t("export")}
        exportHint={t("exportHint")}
      />

      <AuditFilters actors={actors} actions={actions} values={parsed.values} invalid={invalid} />

      <InvalidFiltersAlert
        title={t("invalid.title")}
        problems={invalid.map((field) => ({ field, text: t(`invalid.${field}`) }))}
      />

      {result && page.ok ? (
        <>
          <AuditTable entries={result.entries} filtered={Object.keys(parsed.values).length > 0} />
          <AuditPagination page={page.page} hasMore={result.hasMore} values={parsed.values} />
        </>
      ) : null}
    </div>
  );
}
