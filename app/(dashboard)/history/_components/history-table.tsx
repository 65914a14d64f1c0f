import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { type DataColumn, DataTable } from "@/components/data-table";
import { Timestamp } from "@/components/log-page/timestamp";
import { Badge } from "@/components/ui/badge";
import type { HistoryPage, HistoryRowDto } from "@/lib/activations/history";
import type { HistoryFilterValues, HistoryState } from "@/lib/activations/history-filter";
import { countryName, serviceName } from "@/lib/catalog";

/** The live table's tones for the same states (status-badge.tsx). */
const TONE: Record<HistoryState, "neutral" | "muted"> = {
  finished: "neutral",
  cancelled: "muted",
  expired: "muted",
};

/** ISO 4217 numeric codes providers send (840 on SMS.online); anything else is a plain number. */
const CURRENCIES: Record<number, string> = { 840: "USD", 978: "EUR", 643: "RUB", 986: "BRL" };

type Format = Awaited<ReturnType<typeof getFormatter>>;

function cost(format: Format, row: HistoryRowDto): string {
  if (row.cost === null) return "—";
  const currency = row.currency === null ? undefined : CURRENCIES[row.currency];
  return currency
    ? format.number(row.cost, { style: "currency", currency, maximumFractionDigits: 4 })
    : format.number(row.cost, { maximumFractionDigits: 4 });
}

type T = Awaited<ReturnType<typeof getTranslations<"history">>>;
type States = Awaited<ReturnType<typeof getTranslations<"activations.states">>>;
type Actions = Awaited<ReturnType<typeof getTranslations<"activations.lastActions">>>;

function historyColumns(t: T, states: States, actions: Actions, format: Format): DataColumn<HistoryRowDto>[] {
  const action = (name: string) => (actions.has(name) ? actions(name) : name);
  return [
    {
      id: "number",
      header: t("columns.number"),
      cell: (row) => (
        <>
          <div className="font-mono whitespace-nowrap">+{row.phone}</div>
          <div className="text-xs text-muted-foreground" title={t("keyLabel", { name: row.keyName })}>
            {t("columns.id")} {row.id} · {row.keyDeleted ? t("filters.deletedKey", { name: row.keyName }) : row.keyName}
          </div>
        </>
      ),
    },
    {
      id: "service",
      header: t("columns.service"),
      cellProps: (row) => ({ title: row.service }),
      cell: (row) => serviceName(row.service),
    },
    {
      id: "country",
      header: t("columns.country"),
      cellProps: (row) => ({ title: row.countryCode }),
      cell: (row) => countryName(row.countryCode, row.countryName),
    },
    {
      id: "status",
      header: t("columns.status"),
      cell: (row) => (
        <Badge tone={TONE[row.state]} data-testid="history-status" title={row.assumed ? t("assumed") : undefined}>
          {states(row.state)}
          {row.assumed ? "*" : null}
        </Badge>
      ),
    },
    {
      id: "codes",
      header: t("columns.codes"),
      className: "font-mono text-xs",
      cellProps: () => ({ "data-testid": "history-codes" }),
      cell: (row) => (row.codes.length > 0 ? row.codes.join(" · ") : "—"),
    },
    {
      id: "cost",
      header: t("columns.cost"),
      headerClassName: "text-right",
      className: "text-right tabular-nums",
      cell: (row) => cost(format, row),
    },
    {
      id: "purchased",
      header: t("columns.purchased"),
      cell: (row) => <Timestamp ms={row.purchasedAtMs} format={format} />,
    },
    { id: "ended", header: t("columns.ended"), cell: (row) => <Timestamp ms={row.endedAtMs} format={format} /> },
    {
      id: "who",
      header: t("columns.who"),
      className: "text-xs",
      cell: (row) => (
        <>
          {row.lastAction && row.lastActor ? (
            <div>{t("lastActorValue", { action: action(row.lastAction), actor: row.lastActor })}</div>
          ) : null}
          {row.orderedBy && (row.lastAction !== "order" || row.lastActor !== row.orderedBy) ? (
            <div className="text-muted-foreground">{t("orderedBy", { actor: row.orderedBy })}</div>
          ) : null}
          {!row.lastActor && !row.orderedBy ? "—" : null}
        </>
      ),
    },
  ];
}

/** A read-only table rendered on the server: nothing here needs the browser's JavaScript. */
export async function HistoryTable({
  page,
  values,
}: {
  page: HistoryPage;
  values: HistoryFilterValues;
}) {
  const t = await getTranslations("history");
  const states = await getTranslations("activations.states");
  const actions = await getTranslations("activations.lastActions");
  const format = await getFormatter();
  if (page.rows.length === 0) {
    const filtered = Object.keys(values).length > 0;
    return (
      <div className="rounded-lg border p-6 text-center text-muted-foreground">
        {page.total > 0 ? (
          <p>
            {t("emptyPage")}{" "}
            <Link href="/history" className="underline underline-offset-2">
              {t("backToNewest")}
            </Link>
          </p>
        ) : (
          <p>{filtered ? t("emptyFiltered") : t("empty")}</p>
        )}
      </div>
    );
  }
  return (
    <DataTable
      data-testid="history-table"
      columns={historyColumns(t, states, actions, format)}
      rows={page.rows}
      rowKey={(row) => `${row.keyId}:${row.id}`}
      rowProps={(row) => ({ "data-testid": "history-row", "data-id": row.id })}
    />
  );
}
