"use client";

import { useFormatter, useTranslations } from "next-intl";
import { type DataColumn, DataTable } from "@/components/data-table";
import { Badge } from "@/components/ui/badge";
import type { KeyDto } from "@/lib/keys/dto";
import { presetName } from "@/lib/keys/presets";
import { KeyActions } from "./key-actions";

type T = ReturnType<typeof useTranslations<"keys">>;
type Format = ReturnType<typeof useFormatter>;

function keyColumns(t: T, format: Format): DataColumn<KeyDto>[] {
  const when = (ms: number | null) => (ms === null ? "—" : format.dateTime(ms, { dateStyle: "short", timeStyle: "short" }));
  return [
    { id: "name", header: t("columns.name"), className: "font-medium", cell: (key) => key.name },
    {
      id: "provider",
      header: t("columns.provider"),
      cell: (key) => <span title={key.baseUrl}>{presetName(key.provider)}</span>,
    },
    {
      id: "secret",
      header: t("columns.secret"),
      className: "font-mono",
      cellProps: () => ({ "data-testid": "secret-mask" }),
      cell: (key) => key.secretMask,
    },
    {
      id: "status",
      header: t("columns.status"),
      cell: (key) => (
        <>
          <Badge tone={key.enabled ? "success" : "muted"}>{key.enabled ? t("enabled") : t("disabled")}</Badge>
          {key.health ? (
            <p className="mt-1 max-w-56 text-xs whitespace-normal text-destructive" data-testid="key-health">
              {key.health}
            </p>
          ) : null}
        </>
      ),
    },
    {
      id: "balance",
      header: t("columns.balance"),
      cellProps: () => ({ "data-testid": "key-balance" }),
      cell: (key) => (key.balance === null ? "—" : format.number(key.balance, { style: "currency", currency: "USD" })),
    },
    { id: "lastUsed", header: t("columns.lastUsed"), cell: (key) => when(key.lastUsedAtMs) },
    {
      id: "lastError",
      header: t("columns.lastError"),
      className: "text-destructive",
      cellProps: () => ({ "data-testid": "key-error" }),
      cell: (key) => (key.lastError ? `${key.lastError} · ${when(key.lastErrorAtMs)}` : "—"),
    },
    {
      id: "created",
      header: t("columns.created"),
      className: "text-xs text-muted-foreground",
      cell: (key) => (
        <>
          {key.createdBy}
          <br />
          {when(key.createdAtMs)}
        </>
      ),
    },
    { id: "actions", header: t("columns.actions"), cell: (key) => <KeyActions keyDto={key} /> },
  ];
}

export function KeysTable({ keys }: { keys: KeyDto[] }) {
  const t = useTranslations("keys");
  const format = useFormatter();
  return (
    <DataTable
      columns={keyColumns(t, format)}
      rows={keys}
      rowKey={(key) => key.id}
      rowProps={(key) => ({ "data-testid": `key-${key.name}` })}
      empty={t("empty")}
    />
  );
}
