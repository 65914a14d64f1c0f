"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useActionMutation } from "@/components/use-action-mutation";
import type { SafeActionAnswer } from "@/lib/actions/unwrap";

// The limits panels of /keys and /team: one row per key or member, amounts as inputs (empty:
// none), what it spent today, and a Save per row. The server re-checks everything.

export type LimitField = { label: string; value: number | null };
export type LimitRowData = { id: string; name: string; spentToday: number; fields: LimitField[] };
type Save = (id: string, values: (number | null)[]) => Promise<SafeActionAnswer<unknown>>;

const MAX_AMOUNT = 1_000_000;

/** "" is none; anything but an amount from 0 to MAX_AMOUNT is undefined (refused here). */
function parseAmount(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 && value <= MAX_AMOUNT ? value : undefined;
}

export function LimitsTable({ subject, rows, save }: { subject: string; rows: LimitRowData[]; save: Save }) {
  const t = useTranslations("limits");
  const headers = rows[0]?.fields.map((f) => f.label) ?? [];
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>{subject}</TableHead>
          {headers.map((h) => (
            <TableHead key={h}>{h}</TableHead>
          ))}
          <TableHead>{t("columns.spentToday")}</TableHead>
          <TableHead>
            <span className="sr-only">{t("save")}</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <LimitRow key={row.id} row={row} save={save} />
        ))}
      </TableBody>
    </Table>
  );
}

function LimitRow({ row, save }: { row: LimitRowData; save: Save }) {
  const t = useTranslations("limits");
  const format = useFormatter();
  const [texts, setTexts] = useState(() => row.fields.map((f) => (f.value === null ? "" : String(f.value))));
  const labels = [t("dailyLimitOf", { name: row.name }), t("lowBalanceOf", { name: row.name })];
  const mutation = useActionMutation((values: (number | null)[]) => save(row.id, values), {
    refresh: true,
    success: () => t("saved", { name: row.name }),
  });
  const pending = mutation.isPending;

  function submit() {
    const values = texts.map(parseAmount);
    if (values.some((v) => v === undefined)) {
      toast.error(t("notANumber"));
      return;
    }
    mutation.mutate(values as (number | null)[]);
  }

  return (
    <TableRow data-testid={`limits-${row.name}`}>
      <TableCell className="font-medium">{row.name}</TableCell>
      {texts.map((text, i) => (
        <TableCell key={labels[i]}>
          <Input
            aria-label={labels[i]}
            className="h-8 w-32"
            type="number"
            inputMode="decimal"
            min="0"
            step="0.01"
            value={text}
            onChange={(event) => setTexts((all) => all.map((v, j) => (j === i ? event.target.value : v)))}
          />
        </TableCell>
      ))}
      <TableCell data-testid="spent-today">{format.number(row.spentToday, { maximumFractionDigits: 2 })}</TableCell>
      <TableCell>
        <Button size="sm" variant="outline" disabled={pending} aria-label={t("saveFor", { name: row.name })} onClick={submit}>
          {t("save")}
        </Button>
      </TableCell>
    </TableRow>
  );
}
