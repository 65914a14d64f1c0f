"use client";

import { useTranslations } from "next-intl";
import { memo } from "react";
import type { ActivationDto } from "@/lib/activations/dto";
import { countryName, serviceName } from "@/lib/catalog";
import { cn } from "@/lib/utils";
import { CodesCell, PhoneCell, StatusCell, TimeLeftCell } from "./activation-cells";
import { SelectBox } from "./activation-row";
import { RowActions, type RowTiming } from "./row-actions";
import { rowKey, sameActivation } from "./table-state";

export type CardProps = {
  activation: ActivationDto;
  timing: RowTiming;
  multiKey: boolean;
  selected: boolean;
  focused: boolean;
  onSelect: (key: string, checked: boolean, range: boolean) => void;
  onFocusRow: (key: string) => void;
};

/**
 * One activation on a phone: number, code, service and country, status, time left and the same
 * three buttons as a table row, stacked so nothing needs sideways scrolling at 360 px and up.
 */
export const ActivationCard = memo(function ActivationCard({
  activation: a,
  timing,
  multiKey,
  selected,
  focused,
  onSelect,
  onFocusRow,
}: CardProps) {
  const t = useTranslations("activations");
  const key = rowKey(a);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click only moves the row focus, which the keyboard moves with j/k.
    <article
      data-testid={`activation-${a.id}`}
      data-key-id={a.keyId}
      data-state={a.state}
      data-focused={focused || undefined}
      aria-label={`+${a.phone}, ${serviceName(a.service)}`}
      className={cn(
        "flex flex-col gap-2 rounded-lg border bg-card p-3 text-sm text-card-foreground",
        selected && "bg-muted/60",
        focused && "outline-2 -outline-offset-2 outline-ring",
      )}
      onClick={() => onFocusRow(key)}
    >
      <div className="flex items-center gap-2">
        <SelectBox
          label={t("rows.select", { id: a.id, phone: a.phone })}
          checked={selected}
          onChange={(checked, range) => onSelect(key, checked, range)}
          className="size-5 shrink-0"
        />
        <span className="min-w-0 flex-1 text-base">
          <PhoneCell phone={a.phone} />
        </span>
        <StatusCell activation={a} offsetMs={timing.clockOffsetMs} />
      </div>
      <div className="flex min-w-0 items-center gap-2 text-muted-foreground">
        <span className="min-w-0 flex-1 truncate">
          {serviceName(a.service)} · {countryName(a.countryCode, a.countryName)}
          {multiKey ? ` · ${timing.name}` : null}
        </span>
        <span className="shrink-0 text-foreground">
          <span className="sr-only">{t("columns.timeLeft")}: </span>
          <TimeLeftCell activation={a} offsetMs={timing.clockOffsetMs} />
        </span>
      </div>
      <div className="flex min-h-7 min-w-0 items-center gap-2">
        <span className="shrink-0 text-muted-foreground">{t("columns.codes")}</span>
        <CodesCell activation={a} />
      </div>
      <RowActions activation={a} timing={timing} layout="card" />
    </article>
  );
}, sameCardProps);

function sameCardProps(prev: CardProps, next: CardProps): boolean {
  return (
    sameActivation(prev.activation, next.activation) &&
    prev.timing === next.timing &&
    prev.multiKey === next.multiKey &&
    prev.selected === next.selected &&
    prev.focused === next.focused &&
    prev.onSelect === next.onSelect &&
    prev.onFocusRow === next.onFocusRow
  );
}
