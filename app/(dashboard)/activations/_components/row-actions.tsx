"use client";

import { useTranslations } from "next-intl";
import { createContext, memo, useContext, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { ActivationDto } from "@/lib/activations/dto";
import {
  ACTIVATION_ACTIONS,
  type ActivationAction,
  type DisabledReason,
  allAvailability,
} from "@/lib/activations/state-machine";
import { cn } from "@/lib/utils";
import { BuyAgainButton } from "./buy-again-button";
import { formatDuration } from "./format";
import { rowKey } from "./table-state";
import { ServerClockContext, serverNow, useClock } from "./use-ticking-clock";
import { useSetStatus } from "./use-set-status";

const VARIANT: Record<ActivationAction, "destructive" | "outline" | "default"> = {
  cancel: "destructive",
  retry: "outline",
  finish: "default",
};

/** What a row needs to know of its key: one object per key, kept while the key is unchanged. */
export type RowTiming = {
  name: string;
  clockOffsetMs: number;
  earlyCancelSeconds: number;
  /** The key is banned or rejected: no button works until that changes. */
  blocked: string | null;
};

/**
 * What the keyboard shortcuts call: the very handler and disabled reason the row's buttons use,
 * so a shortcut can never do what the button would not.
 */
export type RowCommand = {
  /** Why the button is disabled now (its tooltip text), or null when it is enabled. */
  reason: (action: ActivationAction) => string | null;
  /** The button's click; returns the reason instead when the button is disabled. */
  run: (action: ActivationAction) => string | null;
};

/** Rendered rows register here by row key (table-state's rowKey). */
export const RowCommandsContext = createContext<Map<string, RowCommand> | null>(null);

/**
 * The buttons' time-derived facts as one string ("y" allowed, "e57" early cancel with 57 s left,
 * else the reason's code): the buttons re-render only when it changes (the early-cancel
 * countdown each second, an expiry once), not at every tick.
 */
function availabilitySignature(
  activation: ActivationDto,
  providerNowMs: number,
  earlyCancelSeconds: number,
): string {
  const all = allAvailability(activation, providerNowMs, { earlyCancelSeconds });
  return ACTIVATION_ACTIONS.map((action) => {
    const a = all[action];
    if (a.allowed) return "y";
    return a.reason.code === "early_cancel" ? `e${a.reason.secondsLeft}` : a.reason.code;
  }).join(",");
}

function fromSignature(signature: string): Record<ActivationAction, DisabledReason | null> {
  const parts = signature.split(",");
  const decode = (part: string | undefined): DisabledReason | null => {
    if (part === undefined || part === "y") return null;
    if (/^e\d+$/.test(part)) return { code: "early_cancel", secondsLeft: Number(part.slice(1)) };
    return { code: part } as DisabledReason;
  };
  return { cancel: decode(parts[0]), retry: decode(parts[1]), finish: decode(parts[2]) };
}

/**
 * Cancel / Another SMS / Finish, enabled by the same state machine that guards the server
 * action. A disabled button keeps a tooltip saying why.
 */
export const RowActions = memo(function RowActions({
  activation,
  timing,
  layout = "row",
}: {
  activation: ActivationDto;
  timing: RowTiming;
  /** "card": full-width, touch-sized buttons for the phone layout. */
  layout?: "row" | "card";
}) {
  const t = useTranslations("activations");
  const clock = useContext(ServerClockContext);
  const commands = useContext(RowCommandsContext);
  const mutation = useSetStatus(activation.keyId, activation.id);
  const busy = mutation.isPending || activation.pendingAction !== null || activation.checking;
  const signature = useClock((now) =>
    availabilitySignature(activation, now + timing.clockOffsetMs, timing.earlyCancelSeconds),
  );

  const reasonText = (reason: DisabledReason) =>
    reason.code === "early_cancel"
      ? t("reasons.early_cancel", { time: formatDuration(reason.secondsLeft) })
      : t(`reasons.${reason.code}`);
  const reasonsFrom = (
    disabled: Record<ActivationAction, DisabledReason | null>,
    isBusy: boolean,
  ) => {
    return (action: ActivationAction): string | null => {
      const reason = disabled[action];
      return isBusy ? t("reasons.busy") : reason ? reasonText(reason) : timing.blocked;
    };
  };
  const reasonOf = reasonsFrom(fromSignature(signature), busy);

  // The shortcuts read the row as it is when the key is pressed, not as it was last rendered.
  const latest = useRef({ activation, timing, reasonsFrom, busy, mutate: mutation.mutate });
  latest.current = { activation, timing, reasonsFrom, busy, mutate: mutation.mutate };
  const key = rowKey(activation);
  useEffect(() => {
    if (!commands) return;
    const reason = (action: ActivationAction) => {
      const { activation: a, timing: k, reasonsFrom: from, busy: isBusy } = latest.current;
      const now = serverNow(clock) + k.clockOffsetMs;
      return from(
        fromSignature(availabilitySignature(a, now, k.earlyCancelSeconds)),
        isBusy,
      )(action);
    };
    const command: RowCommand = {
      reason,
      run: (action) => {
        const why = reason(action);
        if (why === null) latest.current.mutate(action);
        return why;
      },
    };
    commands.set(key, command);
    return () => {
      if (commands.get(key) === command) commands.delete(key);
    };
  }, [commands, clock, key]);

  return (
    <div className={cn("flex gap-1.5", layout === "card" && "w-full [&>*]:flex-1")}>
      {ACTIVATION_ACTIONS.map((action) => {
        const reason = reasonOf(action);
        const button = (
          <Button
            type="button"
            size={layout === "card" ? "sm" : "xs"}
            variant={VARIANT[action]}
            className={layout === "card" ? "w-full" : undefined}
            data-action={action}
            disabled={reason !== null}
            aria-describedby={
              reason ? `${activation.keyId}-${activation.id}-${action}-why` : undefined
            }
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
      <BuyAgainButton activation={activation} size={layout === "card" ? "sm" : "xs"} />
    </div>
  );
});
