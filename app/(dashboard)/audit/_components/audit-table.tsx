import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { type DataColumn, DataTable } from "@/components/data-table";
import { Timestamp } from "@/components/log-page/timestamp";
import { type AuditEntryDto, SYNC_ACTOR } from "@/lib/audit/queries";
import { actionMessageKey } from "./action-label";
import { OutcomeBadge } from "./outcome-badge";

type T = Awaited<ReturnType<typeof getTranslations<"audit">>>;
type Format = Awaited<ReturnType<typeof getFormatter>>;

function auditColumns(t: T, format: Format): DataColumn<AuditEntryDto>[] {
  return [
    { id: "time", header: t("columns.time"), cell: (entry) => <Timestamp ms={entry.at} format={format} /> },
    {
      id: "user",
      header: t("columns.user"),
      cell: (entry) => (entry.actor === SYNC_ACTOR ? t("filters.sync") : entry.actor),
    },
    {
      id: "action",
      header: t("columns.action"),
      cellProps: (entry) => ({ title: entry.action }),
      cell: (entry) => (t.has(actionMessageKey(entry.action)) ? t(actionMessageKey(entry.action)) : entry.action),
    },
    {
      id: "activation",
      header: t("columns.activation"),
      className: "font-mono text-xs",
      cell: (entry) =>
        entry.activationId ? (
          <Link
            href={`/audit?activation=${encodeURIComponent(entry.activationId)}`}
            className="underline-offset-2 hover:underline"
            title={t("filterByActivation", { id: entry.activationId })}
          >
            {entry.activationId}
          </Link>
        ) : (
          "—"
        ),
    },
    {
      id: "key",
      header: t("columns.key"),
      cellProps: (entry) => ({ title: entry.keyId ?? undefined }),
      cell: (entry) => entry.keyName ?? "—",
    },
    {
      id: "detail",
      header: t("columns.detail"),
      className: "max-w-xs truncate",
      cellProps: (entry) => ({ title: entry.detail ?? undefined }),
      cell: (entry) => entry.detail ?? "—",
    },
    { id: "outcome", header: t("columns.outcome"), cell: (entry) => <OutcomeBadge outcome={entry.outcome} /> },
    {
      id: "result",
      header: t("columns.result"),
      className: "font-mono text-xs",
      cellProps: (entry) => ({ title: t("duration", { ms: entry.durationMs }) }),
      cell: (entry) => entry.result,
    },
  ];
}

/** A read-only table rendered on the server: nothing here needs the browser's JavaScript. */
export async function AuditTable({
  entries,
  filtered,
}: {
  entries: AuditEntryDto[];
  filtered: boolean;
}) {
  const t = await getTranslations("audit");
  const format = await getFormatter();
  if (entries.length === 0) {
    return (
      <p className="rounded-lg border p-6 text-center text-muted-foreground">
        {filtered ? t("emptyFiltered") : t("empty")}
      </p>
    );
  }
  return (
    <DataTable data-testid="audit-table" columns={auditColumns(t, format)} rows={entries} rowKey={(entry) => String(entry.id)} />
  );
}
