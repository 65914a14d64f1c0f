"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { BULK_ACTIONS, type BulkAction } from "@/lib/activations/bulk-plan";
import type { ActivationDto } from "@/lib/activations/dto";

/**
 * "Finish selected (n)" and "Cancel selected (n)" for the rows the table has selected. Each opens
 * a preview (which rows qualify, why the others do not) before anything is sent. The dialog
 * itself lives in the table, not here: this bar goes away when the selection empties, and a run
 * with a state filter on empties it (each batch refetches and the rows it ended leave the list).
 */
export function BulkActions({
  selected,
  onOpen,
}: {
  selected: ActivationDto[];
  onOpen: (action: BulkAction) => void;
}) {
  const t = useTranslations("activations.bulk");

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
          onClick={() => onOpen(a)}
        >
          {t(`open.${a}`, { count: selected.length })}
        </Button>
      ))}
    </fieldset>
  );
}
