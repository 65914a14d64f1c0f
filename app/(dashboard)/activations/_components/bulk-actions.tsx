"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { BULK_ACTIONS, type BulkAction } from "@/lib/activations/bulk-plan";
import type { ActivationDto, KeyTimingDto } from "@/lib/activations/dto";
import { BulkDialog } from "./bulk-dialog";

/**
 * "Finish selected (n)" and "Cancel selected (n)" for the rows the table has selected. Each opens
 * a preview (which rows qualify, why the others do not) before anything is sent; `onDone` runs
 * when the dialog closes after a run, so the table can clear its selection.
 */
export function BulkActions({
  selected,
  keys,
  serverNowMs,
  onDone,
}: {
  selected: ActivationDto[];
  keys: KeyTimingDto[];
  serverNowMs: number;
  onDone: () => void;
}) {
  const t = useTranslations("activations.bulk");
  const [action, setAction] = useState<BulkAction | null>(null);

  return (
    <fieldset className="flex flex-wrap items-center gap-2" data-testid="bulk-actions">
      <legend className="sr-only">{t("toolbar")}</legend>
      {BULK_ACTIONS.map((a) => (
        <Button
          key={a}
          type="button"
          size="sm"
          variant={a === "cancel" ? "destructive" : "default"}
          disabled={selected.length === 0}
          onClick={() => setAction(a)}
        >
          {t(`open.${a}`, { count: selected.length })}
        </Button>
      ))}
      {/* Mounted per opening: every preview starts fresh, and closing returns focus to its button. */}
      {action ? (
        <BulkDialog
          action={action}
          selected={selected}
          keys={keys}
          serverNowMs={serverNowMs}
          onClose={(ran) => {
            setAction(null);
            if (ran) onDone();
          }}
        />
      ) : null}
    </fieldset>
  );
}
