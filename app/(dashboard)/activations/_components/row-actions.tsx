"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { ActivationDto } from "@/lib/activations/dto";
import {
  ACTIVATION_ACTIONS,
  type ActivationAction,
  type DisabledReason,
  allAvailability,
} from "@/lib/activations/state-machine";
import { formatDuration } from "./format";
import { useSetStatus } from "./use-set-status";

const VARIANT: Record<ActivationAction, "destructive" | "outline" | "default"> = {
  cancel: "destructive",
  retry: "outline",
  finish: "default",
};

/**
 * Cancel / Another SMS / Finish, enabled by the same state machine that guards the server
 * action. A disabled button keeps a tooltip saying why.
 */
export function RowActions({
  activation,
  providerNowMs,
  earlyCancelSeconds,
  blocked,
}: {
  activation: ActivationDto;
  providerNowMs: number;
  earlyCancelSeconds: number;
  /** The key is banned or rejected: no button works until that changes. */
  blocked: string | null;
}) {
  const t = useTranslations("activations");
  const mutation = useSetStatus(activation.keyId, activation.id);
  const busy = mutation.isPending || activation.pendingAction !== null || activation.checking;
  const availability = allAvailability(activation, providerNowMs, { earlyCancelSeconds });

  const reasonText = (reason: DisabledReason) =>
    reason.code === "early_cancel"
      ? t("reasons.early_cancel", { time: formatDuration(reason.secondsLeft) })
      : t(`reasons.${reason.code}`);

  return (
    <div className="flex gap-1.5">
      {ACTIVATION_ACTIONS.map((action) => {
        const a = availability[action];
        const reason = busy ? t("reasons.busy") : !a.allowed ? reasonText(a.reason) : blocked;
        const button = (
          <Button
            type="button"
            size="xs"
            variant={VARIANT[action]}
            disabled={reason !== null}
            aria-describedby={reason ? `${activation.keyId}-${activation.id}-${action}-why` : undefined}
            onClick={() => mutation.mutate(action)}
          >
            {t(`buttons.${action}`)}
          </Button>
        );
        if (!reason) return <span key={action}>{button}</span>;
        // A disabled button gets no pointer events: the wrapper carries the tooltip.
        return (
          <Tooltip key={action}>
            <TooltipTrigger asChild>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a disabled button cannot take focus, so its wrapper does, to let keyboard users read why. */}
              <span tabIndex={0} data-testid={`why-${action}`}>
                {button}
                <span id={`${activation.keyId}-${activation.id}-${action}-why`} className="sr-only">
                  {reason}
                </span>
              </span>
            </TooltipTrigger>
            <TooltipContent>{reason}</TooltipContent>
          </Tooltip>
        );
      })}
    </div>
  );
}
