import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Timestamp } from "@/components/log-page/timestamp";
import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
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
  const action = (name: string) => (actions.has(name) ? actions(name) : name);
  return (
    <Table data-testid="history-table">
      <TableHeader>
        <TableRow>
          <TableHead>{t("columns.number")}</TableHead>
          <TableHead>{t("columns.service")}</TableHead>
          <TableHead>{t("columns.country")}</TableHead>
          <TableHead>{t("columns.status")}</TableHead>
          <TableHead>{t("columns.codes")}</TableHead>
          <TableHead className="text-right">{t("columns.cost")}</TableHead>
          <TableHead>{t("columns.purchased")}</TableHead>
          <TableHead>{t("columns.ended")}</TableHead>
          <TableHead>{t("columns.who")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {page.rows.map((row) => (
          <TableRow key={`${row.keyId}:${row.id}`} data-testid="history-row" data-id={row.id}>
            <TableCell>
              <div className="font-mono whitespace-nowrap">+{row.phone}</div>
              <div
                className="text-xs text-muted-foreground"
                title={t("keyLabel", { name: row.keyName })}
              >
                {t("columns.id")} {row.id} ·{" "}
                {row.keyDeleted ? t("filters.deletedKey", { name: row.keyName }) : row.keyName}
              </div>
            </TableCell>
            <TableCell title={row.service}>{serviceName(row.service)}</TableCell>
            <TableCell title={row.countryCode}>
              {countryName(row.countryCode, row.countryName)}
            </TableCell>
            <TableCell>
              <Badge
                tone={TONE[row.state]}
                data-testid="history-status"
                title={row.assumed ? t("assumed") : undefined}
              >
                {states(row.state)}
                {row.assumed ? "*" : null}
              </Badge>
            </TableCell>
            <TableCell className="font-mono text-xs" data-testid="history-codes">
              {row.codes.length > 0 ? row.codes.join(" · ") : "—"}
            </TableCell>
            <TableCell className="text-right tabular-nums">{cost(format, row)}</TableCell>
            <TableCell>
              <Timestamp ms={row.purchasedAtMs} format={format} />
            </TableCell>
            <TableCell>
              <Timestamp ms={row.endedAtMs} format={format} />
            </TableCell>
            <TableCell className="text-xs">
              {row.lastAction && row.lastActor ? (
                <div>
                  {t("lastActorValue", { action: action(row.lastAction), actor: row.lastActor })}
                </div>
              ) : null}
              {row.orderedBy && (row.lastAction !== "order" || row.lastActor !== row.orderedBy) ? (
                <div className="text-muted-foreground">
                  {t("orderedBy", { actor: row.orderedBy })}
                </div>
              ) : null}
              {!row.lastActor && !row.orderedBy ? "—" : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
