"use client";

import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type Table as TanstackTable,
  useReactTable,
} from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { CopyButton } from "@/components/copy-button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { countryName, serviceName } from "@/lib/catalog";
import type { ActivationDto, KeyTimingDto } from "@/lib/activations/dto";
import { effectiveState, secondsLeft } from "@/lib/activations/state-machine";
import { formatDuration } from "./format";
import { RowActions } from "./row-actions";
import { StatusBadge } from "./status-badge";

type Props = {
  activations: ActivationDto[];
  serverNowMs: number;
  keys: KeyTimingDto[];
  emptyText: string;
};

const DEFAULT_TIMING = { clockOffsetMs: 0, earlyCancelSeconds: 120, name: "", blocked: null };

/**
 * The ticking clock reaches the cells through the table's meta, not through the columns: columns
 * rebuilt every second would be new cell components, so every row's buttons would be remounted
 * each second, and a click landing on a remounted button would be lost.
 */
type TableMeta = { serverNowMs: number };
const serverNowOf = (table: TanstackTable<ActivationDto>) => (table.options.meta as TableMeta).serverNowMs;

export function ActivationsTable({ activations, serverNowMs, keys, emptyText }: Props) {
  const t = useTranslations("activations");
  const format = useFormatter();
  const columns = useMemo<ColumnDef<ActivationDto>[]>(() => {
    const byKey = new Map(keys.map((k) => [k.id, k]));
    const timing = (a: ActivationDto) => byKey.get(a.keyId) ?? DEFAULT_TIMING;
    // Each key's provider has its own clock (and early-cancel window).
    const providerNow = (a: ActivationDto, table: TanstackTable<ActivationDto>) =>
      serverNowOf(table) + timing(a).clockOffsetMs;
    return [
      { id: "id", header: t("columns.id"), cell: ({ row }) => <span className="font-mono text-xs">{row.original.id}</span> },
      {
        id: "phone",
        header: t("columns.phone"),
        cell: ({ row }) => (
          <span className="flex items-center gap-1 font-mono">
            +{row.original.phone}
            <CopyButton value={row.original.phone} label={t("columns.phone")} />
          </span>
        ),
      },
      { id: "service", header: t("columns.service"), cell: ({ row }) => serviceName(row.original.service) },
      ...(keys.length > 1
        ? [{ id: "key", header: t("columns.key"), cell: ({ row }: { row: { original: ActivationDto } }) => timing(row.original).name }]
        : []),
      {
        id: "country",
        header: t("columns.country"),
        cell: ({ row }) => countryName(row.original.countryCode, row.original.countryName),
      },
      {
        id: "status",
        header: t("columns.status"),
        cell: ({ row, table }) => (
          <StatusBadge activation={row.original} state={effectiveState(row.original, providerNow(row.original, table))} />
        ),
      },
      {
        id: "codes",
        header: t("columns.codes"),
        cell: ({ row }) => <Codes activation={row.original} />,
      },
      {
        id: "timeLeft",
        header: t("columns.timeLeft"),
        cell: ({ row, table }) => {
          const left = secondsLeft(row.original, providerNow(row.original, table));
          return <span className="font-mono tabular-nums">{left === null ? "—" : formatDuration(left)}</span>;
        },
      },
      {
        id: "lastActor",
        header: t("columns.lastActor"),
        cell: ({ row }) => {
          const a = row.original;
          if (!a.lastActor || !a.lastAction) return <span className="text-muted-foreground">—</span>;
          const action = t.has(`lastActions.${a.lastAction}`) ? t(`lastActions.${a.lastAction}`) : a.lastAction;
          return (
            <span className="text-xs text-muted-foreground">
              {t("lastActorValue", { action, actor: a.lastActor })}
              {a.lastActionAtMs ? ` · ${format.dateTime(a.lastActionAtMs, { timeStyle: "short" })}` : null}
            </span>
          );
        },
      },
      {
        id: "actions",
        header: t("columns.actions"),
        cell: ({ row, table }) => (
          <RowActions
            activation={row.original}
            providerNowMs={providerNow(row.original, table)}
            earlyCancelSeconds={timing(row.original).earlyCancelSeconds}
            blocked={timing(row.original).blocked}
          />
        ),
      },
    ];
  }, [t, format, keys]);

  const table = useReactTable({
    data: activations,
    columns,
    getCoreRowModel: getCoreRowModel(),
    meta: { serverNowMs } satisfies TableMeta,
    // Ids are unique per key only: two keys may share one.
    getRowId: (row) => `${row.keyId}:${row.id}`,
  });

  return (
    <Table>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id}>
            {group.headers.map((header) => (
              <TableHead key={header.id}>{flexRender(header.column.columnDef.header, header.getContext())}</TableHead>
            ))}
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {table.getRowModel().rows.length === 0 ? (
          <TableRow>
            <TableCell colSpan={columns.length} className="py-10 text-center text-muted-foreground">
              {emptyText}
            </TableCell>
          </TableRow>
        ) : (
          table.getRowModel().rows.map((row) => (
            <TableRow
              key={row.id}
              data-testid={`activation-${row.original.id}`}
              data-key-id={row.original.keyId}
              data-state={row.original.state}
            >
              {row.getVisibleCells().map((cell) => (
                <TableCell key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</TableCell>
              ))}
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}

function Codes({ activation }: { activation: ActivationDto }) {
  const t = useTranslations("activations");
  if (activation.codes.length === 0) return <span className="text-muted-foreground">{t("noCode")}</span>;
  const latest = activation.codes.at(-1);
  return (
    <span className="flex items-center gap-1" data-testid="codes">
      {activation.codes.map((c, i) => (
        <span
          key={`${c.at}-${c.code}`}
          title={c.text ?? undefined}
          className={i === activation.codes.length - 1 ? "font-mono font-semibold" : "font-mono text-muted-foreground"}
        >
          {c.code}
        </span>
      ))}
      {latest ? <CopyButton value={latest.code} label={t("columns.codes")} /> : null}
    </span>
  );
}
