"use client";

import { useFormatter, useTranslations } from "next-intl";
import { CopyButton } from "@/components/copy-button";
import type { ActivationDto } from "@/lib/activations/dto";
import { effectiveState, secondsLeft } from "@/lib/activations/state-machine";
import { AutoRuleMark, actedByRule } from "./auto-rule-mark";
import { formatDuration } from "./format";
import { StatusBadge } from "./status-badge";
import { useClock } from "./use-ticking-clock";

// The cells shared by the table's rows and the phone's cards. Only StatusCell and TimeLeftCell
// read the clock, each re-rendering alone when what it shows changes.

export function PhoneCell({ phone }: { phone: string }) {
  const t = useTranslations("activations");
  return (
    <span className="flex min-w-0 items-center gap-1 font-mono">
      <span className="truncate">+{phone}</span>
      <CopyButton value={phone} label={t("columns.phone")} />
    </span>
  );
}

/** The state as of now: a waiting number whose lifetime passed shows "Expired" at once. */
export function StatusCell({
  activation,
  offsetMs,
}: {
  activation: ActivationDto;
  offsetMs: number;
}) {
  const state = useClock((now) => effectiveState(activation, now + offsetMs));
  return (
    <>
      <StatusBadge activation={activation} state={state} />
      {actedByRule(activation) ? <AutoRuleMark activation={activation} /> : null}
    </>
  );
}

export function TimeLeftCell({
  activation,
  offsetMs,
}: {
  activation: ActivationDto;
  offsetMs: number;
}) {
  const left = useClock((now) => secondsLeft(activation, now + offsetMs));
  return (
    <span className="font-mono tabular-nums" data-testid="time-left">
      {left === null ? "—" : formatDuration(left)}
    </span>
  );
}

export function CodesCell({ activation }: { activation: ActivationDto }) {
  const t = useTranslations("activations");
  if (activation.codes.length === 0)
    return <span className="text-muted-foreground">{t("noCode")}</span>;
  const latest = activation.codes.at(-1);
  return (
    <span className="flex min-w-0 items-center gap-1" data-testid="codes">
      {/* Newest first, so the code to type is never the one cut off by a narrow column. */}
      <span className="flex min-w-0 flex-row-reverse justify-end gap-1 overflow-hidden">
        {activation.codes.map((c, i) => (
          <span
            key={`${c.at}-${c.code}`}
            title={c.text ?? undefined}
            className={
              i === activation.codes.length - 1
                ? "font-mono font-semibold"
                : "font-mono text-muted-foreground"
            }
          >
            {c.code}
          </span>
        ))}
      </span>
      {latest ? <CopyButton value={latest.code} label={t("columns.codes")} /> : null}
    </span>
  );
}

export function LastActorCell({ activation: a }: { activation: ActivationDto }) {
  const t = useTranslations("activations");
  const format = useFormatter();
  if (!a.lastActor || !a.lastAction) return <span className="text-muted-foreground">—</span>;
  const action = t.has(`lastActions.${a.lastAction}`)
    ? t(`lastActions.${a.lastAction}`)
    : a.lastAction;
  const text = `${t("lastActorValue", { action, actor: a.lastActor })}${
    a.lastActionAtMs ? ` · ${format.dateTime(a.lastActionAtMs, { timeStyle: "short" })}` : ""
  }`;
  return (
    <span className="block truncate text-xs text-muted-foreground" title={text}>
      {text}
    </span>
  );
}
