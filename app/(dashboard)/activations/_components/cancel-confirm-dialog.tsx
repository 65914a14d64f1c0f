"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import type { ActivationDto } from "@/lib/activations/dto";
import { serviceName } from "@/lib/catalog";

/**
 * The `c` shortcut's question: a cancel gives the number up for good, and one stray key press
 * should not do that. The button itself cancels at once, as it always did.
 */
export function CancelConfirmDialog({
  activation,
  onConfirm,
  onClose,
}: {
  /** The row to cancel; null keeps the dialog closed. */
  activation: ActivationDto | null;
  onConfirm: (activation: ActivationDto) => void;
  onClose: () => void;
}) {
  const t = useTranslations("activations.rows.confirmCancel");
  return (
    <Dialog open={activation !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {activation ? (
        <DialogContent closeLabel={t("close")} data-testid="cancel-confirm">
          <DialogHeader>
            <DialogTitle>{t("title")}</DialogTitle>
            <DialogDescription>
              {t("description", {
                phone: activation.phone,
                service: serviceName(activation.service),
              })}
            </DialogDescription>
          </DialogHeader>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="outline" onClick={onClose} autoFocus>
              {t("keep")}
            </Button>
            <Button
              type="button"
              variant="destructive"
              onClick={() => {
                onConfirm(activation);
                onClose();
              }}
            >
              {t("confirm")}
            </Button>
          </div>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
