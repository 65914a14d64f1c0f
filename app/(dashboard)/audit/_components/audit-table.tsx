import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Timestamp } from "@/components/log-page/timestamp";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { type AuditEntryDto, SYNC_ACTOR } from "@/lib/audit/queries";
import { actionMessageKey } from "./action-label";
import { OutcomeBadge } from "./outcome-badge";

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
    <Table data-testid="audit-table">
      <TableHeader>
        <TableRow>
          <TableHead>{t("columns.time")}</TableHead>
          <TableHead>{t("columns.user")}</TableHead>
          <TableHead>{t("columns.action")}</TableHead>
          <TableHead>{t("columns.activation")}</TableHead>
          <TableHead>{t("columns.key")}</TableHead>
          <TableHead>{t("columns.detail")}</TableHead>
          <TableHead>{t("columns.outcome")}</TableHead>
          <TableHead>{t("columns.result")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry) => (
          <TableRow key={entry.id}>
            <TableCell>
              <Timestamp ms={entry.at} format={format} />
            </TableCell>
            <TableCell>{entry.actor === SYNC_ACTOR ? t("filters.sync") : entry.actor}</TableCell>
            <TableCell title={entry.action}>
              {t.has(actionMessageKey(entry.action))
                ? t(actionMessageKey(entry.action))
                : entry.action}
            </TableCell>
            <TableCell className="font-mono text-xs">
              {entry.activationId ? (
                <Link
                  href={`/audit?activation=${encodeURIComponent(entry.activationId)}`}
                  className="underline-offset-2 hover:underline"
                  title={t("filterByActivation", { id: entry.activationId })}
                >
                  {entry.activationId}
                </Link>
              ) : (
                "—"
              )}
            </TableCell>
            <TableCell title={entry.keyId ?? undefined}>{entry.keyName ?? "—"}</TableCell>
            <TableCell className="max-w-xs truncate" title={entry.detail ?? undefined}>
              {entry.detail ?? "—"}
            </TableCell>
            <TableCell>
              <OutcomeBadge outcome={entry.outcome} />
            </TableCell>
            <TableCell
              className="font-mono text-xs"
              title={t("duration", { ms: entry.durationMs })}
            >
              {entry.result}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
