"use client";

import { useMutationState } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { ActivationDto } from "@/lib/activations/dto";
import type { ActivationState } from "@/lib/activations/state-machine";
import { setStatusMutationKey } from "./use-set-status";

const TONE: Record<ActivationState, "info" | "success" | "warning" | "neutral" | "muted" | "danger"> = {
  waiting: "info",
  code_received: "success",
  waiting_retry: "warning",
  finished: "neutral",
  cancelled: "muted",
  expired: "muted",
};

/** The row's state, or "Sending…" while this browser's click is in flight, or "Checking…". */
export function StatusBadge({ activation, state }: { activation: ActivationDto; state: ActivationState }) {
  const t = useTranslations("activations");
  const sending = useMutationState({
    filters: { mutationKey: setStatusMutationKey(activation.keyId, activation.id), status: "pending" },
  }).length;
  if (sending > 0 || (activation.pendingAction && !activation.checking)) {
    return (
      <Badge tone="warning" data-testid="status">
        <Loader2Icon className="size-3 animate-spin" />
        {t("pending")}
      </Badge>
    );
  }
  if (activation.checking) {
    return (
      <Badge tone="warning" data-testid="status" title={t("checkingHint")}>
        <Loader2Icon className="size-3 animate-spin" />
        {t("checking")}
      </Badge>
    );
  }
  return (
    <Badge tone={TONE[state]} data-testid="status">
      {t(`states.${state}`)}
    </Badge>
  );
}
