"use client";

import { useTranslations } from "next-intl";
import { memo, type ReactNode, useMemo } from "react";
import type { ActivationDto } from "@/lib/activations/dto";
import { countryName, serviceName } from "@/lib/catalog";
import { cn } from "@/lib/utils";
import { CodesCell, LastActorCell, PhoneCell, StatusCell, TimeLeftCell } from "./activation-cells";
import { RowActions, type RowTiming } from "./row-actions";
import { rowKey, sameActivation } from "./table-state";

/** Every row is this tall (cells never wrap), so the virtualizer needs no measuring. */
export const ROW_HEIGHT = 48;

export type Column = {
  id: string;
  header: string;
  /** Its <col> width; columns without one share what is left. */
  width?: string;
  cell: (a: ActivationDto, timing: RowTiming) => ReactNode;
};

/** The table's columns; the key column only when the team has more than one key. */
export function useColumns(multiKey: boolean): Column[] {
  const t = useTranslations("activations");
  return useMemo(
    () =>
      [
        {
          id: "id",
          header: t("columns.id"),
          width: "7rem",
          cell: (a) => <span className="font-mono text-xs">{a.id}</span>,
        },
        {
          id: "phone",
          header: t("columns.phone"),
          width: "11.5rem",
          cell: (a) => <PhoneCell phone={a.phone} />,
        },
        { id: "service", header: t("columns.service"), cell: (a) => serviceName(a.service) },
        ...(multiKey
          ? [
              {
                id: "key",
                header: t("columns.key"),
                cell: (_a: ActivationDto, k: RowTiming) => k.name,
              },
            ]
          : []),
        {
          id: "country",
          header: t("columns.country"),
          cell: (a) => countryName(a.countryCode, a.countryName),
        },
        {
          id: "status",
          header: t("columns.status"),
          width: "11rem",
          cell: (a, k) => <StatusCell activation={a} offsetMs={k.clockOffsetMs} />,
        },
        {
          id: "codes",
          header: t("columns.codes"),
          width: "9rem",
          cell: (a) => <CodesCell activation={a} />,
        },
        {
          id: "timeLeft",
          header: t("columns.timeLeft"),
          width: "5.5rem",
          cell: (a, k) => <TimeLeftCell activation={a} offsetMs={k.clockOffsetMs} />,
        },
        {
          id: "lastActor",
          header: t("columns.lastActor"),
          cell: (a) => <LastActorCell activation={a} />,
        },
        {
          id: "actions",
          header: t("columns.actions"),
          width: "15rem",
          cell: (a, k) => <RowActions activation={a} timing={k} />,
        },
      ] satisfies Column[],
    [t, multiKey],
  );
}

export type RowProps = {
  activation: ActivationDto;
  timing: RowTiming;
  columns: Column[];
  /** 0-based position in the whole (filtered, sorted) list, for aria-rowindex. */
  index: number;
  selected: boolean;
  focused: boolean;
  onSelect: (key: string, checked: boolean, range: boolean) => void;
  onFocusRow: (key: string) => void;
};

/**
 * One activation. Memoized on the row's content, so a poll that changes one row re-renders that
 * row only, and the ticking clock re-renders only the cells that show time.
 */
export const ActivationRow = memo(function ActivationRow({
  activation: a,
  timing,
  columns,
  index,
  selected,
  focused,
  onSelect,
  onFocusRow,
}: RowProps) {
  const t = useTranslations("activations.rows");
  const key = rowKey(a);
  return (
    <tr
      data-testid={`activation-${a.id}`}
      data-key-id={a.keyId}
      data-state={a.state}
      data-focused={focused || undefined}
      aria-rowindex={index + 2}
      aria-selected={focused || undefined}
      style={{ height: ROW_HEIGHT }}
      className={cn(
        // No colour transition: rows pass under a still pointer while scrolling, and each
        // hover change would animate (repaint) for a while.
        "border-b hover:bg-muted/40",
        selected && "bg-muted/60",
        focused && "outline-2 -outline-offset-2 outline-ring",
      )}
      onClick={() => onFocusRow(key)}
    >
      <td className="px-3 align-middle [contain:layout_paint]">
        <SelectBox
          label={t("select", { id: a.id, phone: a.phone })}
          checked={selected}
          onChange={(checked, range) => onSelect(key, checked, range)}
        />
      </td>
      {/* Cells contain their layout and paint: a row mounted while scrolling then lays out
          and paints on its own instead of touching the table around it (the last long tasks
          while scrolling 5,000 rows were that layout and paint, docs/performance.md). */}
      {columns.map((c) => (
        <td
          key={c.id}
          className="overflow-hidden px-3 align-middle whitespace-nowrap text-ellipsis [contain:layout_paint]"
        >
          {c.cell(a, timing)}
        </td>
      ))}
    </tr>
  );
}, sameRowProps);

function sameRowProps(prev: RowProps, next: RowProps): boolean {
  return (
    sameActivation(prev.activation, next.activation) &&
    prev.timing === next.timing &&
    prev.columns === next.columns &&
    prev.index === next.index &&
    prev.selected === next.selected &&
    prev.focused === next.focused &&
    prev.onSelect === next.onSelect &&
    prev.onFocusRow === next.onFocusRow
  );
}

/** A native checkbox: shift+click (not shift+space, which the browser keeps) selects a range. */
export function SelectBox({
  label,
  checked,
  indeterminate = false,
  disabled = false,
  onChange,
  className,
}: {
  label: string;
  checked: boolean;
  indeterminate?: boolean;
  /** Off, with `label` saying why (also as the tooltip). */
  disabled?: boolean;
  onChange: (checked: boolean, range: boolean) => void;
  className?: string;
}) {
  return (
    <input
      type="checkbox"
      aria-label={label}
      title={disabled ? label : undefined}
      disabled={disabled}
      checked={checked}
      ref={(el) => {
        if (el) el.indeterminate = indeterminate;
      }}
      className={cn(
        "size-4 cursor-pointer accent-primary align-middle disabled:cursor-not-allowed",
        className,
      )}
      // onClick, not onChange: only the mouse event knows whether shift was held.
      onClick={(e) => {
        e.stopPropagation();
        onChange(e.currentTarget.checked, e.shiftKey);
      }}
      onChange={() => undefined}
    />
  );
}
