"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type ReactNode, type Ref, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { unwrapAction } from "@/lib/actions/unwrap";
import {
  BULK_MAX_ROWS,
  type BulkAction,
  type BulkRowResult,
  batches,
  planBulk,
  rowKey,
  type SkipReason,
} from "@/lib/activations/bulk-plan";
import { activationsQueryKey } from "@/lib/activations/client-queries";
import type { ActivationDto, KeyTimingDto } from "@/lib/activations/dto";
import { serviceName } from "@/lib/catalog";
import { bulkSetStatus } from "../actions";
import { formatDuration } from "./format";
import { useClock } from "./use-ticking-clock";

/** Rows shown per list: "select all" may pick thousands, and the dialog only has to explain them. */
const SHOWN = 200;

/**
 * Rows per request (the server takes up to BULK_MAX_ROWS): at the default 10 provider requests
 * per second a batch answers in ~2.5 s, so progress and outcomes appear as the run goes.
 */
const BATCH = Math.min(25, BULK_MAX_ROWS);

type Props = {
  action: BulkAction;
  selected: ActivationDto[];
  keys: KeyTimingDto[];
  /** `ran`: the rows were sent (the table should clear its selection). */
  onClose: (ran: boolean) => void;
};

/**
 * Preview → run → outcome. The preview follows the live table (a row a teammate just acted on
 * moves to "left out") and the ticking clock (a row leaves "too early" when its window opens, a
 * waiting row that runs out leaves the eligible list); Confirm freezes the qualifying rows and
 * the selection's size, and sends them in batches through bulkSetStatus, where each is one
 * guarded click; then each row's outcome is listed.
 */
export function BulkDialog({ action, selected, keys, onClose }: Props) {
  const t = useTranslations("activations");
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<"preview" | "running" | "done">("preview");
  const [sent, setSent] = useState<ActivationDto[]>([]);
  // The selection's size at Confirm: during a run the selection may shrink (ended rows leave a
  // state-filtered list), and "n of total" must keep describing what was confirmed.
  const [sentTotal, setSentTotal] = useState(0);
  const [results, setResults] = useState<BulkRowResult[]>([]);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  // The server's time, whole seconds (the reasons count seconds), re-read at each tick: a
  // dialog left open must not judge the rows at the moment it was opened.
  const nowMs = useClock((n) => Math.floor(n / 1000) * 1000);
  const plan = useMemo(
    () => planBulk(action, selected, keys, nowMs),
    [action, selected, keys, nowMs],
  );

  const run = useMutation({
    mutationFn: async (rows: ActivationDto[]) => {
      const done: BulkRowResult[] = [];
      for (const batch of batches(
        rows.map(({ keyId, id }) => ({ keyId, id })),
        BATCH,
      )) {
        const answer = await bulkSetStatus({ action, rows: batch }).then(unwrapAction, () => null);
        if (answer?.data) done.push(...answer.data.results);
        else {
          // The whole batch failed (signed out, network): its rows are reported, not guessed.
          const error = answer?.error ?? { code: "UNEXPECTED", message: t("bulk.noAnswer") };
          done.push(...batch.map((row) => ({ ...row, ok: false as const, error })));
        }
        setResults([...done]);
        void queryClient.invalidateQueries({ queryKey: activationsQueryKey });
      }
      return done;
    },
    onSettled: () => setPhase("done"),
  });

  // Focus follows the phase so keyboard and screen-reader users land on what changed.
  useEffect(() => {
    if (phase === "running") statusRef.current?.focus();
    if (phase === "done") resultsRef.current?.focus();
  }, [phase]);

  const confirm = () => {
    setSent(plan.eligible);
    setSentTotal(selected.length);
    setPhase("running");
    run.mutate(plan.eligible);
  };
  const byId = new Map(sent.map((a) => [rowKey(a), a]));
  const okCount = results.filter((r) => r.ok).length;

  return (
    <Dialog open onOpenChange={(open) => !open && phase !== "running" && onClose(phase === "done")}>
      <DialogContent closeLabel={t("bulk.close")} className="max-w-lg" data-testid="bulk-dialog">
        <DialogHeader>
          <DialogTitle>{t(`bulk.title.${action}`)}</DialogTitle>
          <DialogDescription>
            {t("bulk.description", {
              eligible: (phase === "preview" ? plan.eligible : sent).length,
              total: phase === "preview" ? selected.length : sentTotal,
            })}
          </DialogDescription>
        </DialogHeader>

        {phase === "preview" ? (
          <>
            {plan.eligible.length === 0 ? (
              <p className="text-sm">{t("bulk.noneEligible")}</p>
            ) : null}
            <RowList
              id="bulk-eligible"
              heading={t(`bulk.eligibleHeading.${action}`, { count: plan.eligible.length })}
              rows={plan.eligible.map((a) => ({ activation: a, note: null }))}
            />
            <RowList
              id="bulk-skipped"
              heading={t("bulk.skippedHeading", { count: plan.skipped.length })}
              rows={plan.skipped.map((s) => ({
                activation: s.activation,
                note: <Reason reason={s.reason} />,
              }))}
            />
          </>
        ) : (
          <>
            <p
              ref={statusRef}
              tabIndex={-1}
              role="status"
              className="text-sm font-medium outline-none"
            >
              {phase === "running"
                ? t("bulk.running", { done: results.length, total: sent.length })
                : t("bulk.summary", { ok: okCount, failed: results.length - okCount })}
            </p>
            {phase === "done" ? (
              <RowList
                id="bulk-results"
                heading={t("bulk.resultsHeading")}
                headingRef={resultsRef}
                rows={results.map((r) => ({
                  activation: byId.get(rowKey(r)) ?? null,
                  fallbackId: r.id,
                  note: r.ok ? t(`bulk.rowDone.${action}`) : r.error.message,
                  ok: r.ok,
                }))}
              />
            ) : null}
          </>
        )}

        <div className="flex justify-end gap-2">
          {phase === "preview" ? (
            <Button
              type="button"
              variant={action === "cancel" ? "destructive" : "default"}
              disabled={plan.eligible.length === 0}
              onClick={confirm}
            >
              {t(`bulk.confirm.${action}`, { count: plan.eligible.length })}
            </Button>
          ) : null}
          <Button
            type="button"
            variant="outline"
            disabled={phase === "running"}
            onClick={() => onClose(phase === "done")}
          >
            {t("bulk.close")}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

/** Why a row is left out: the row buttons' own reasons, or the key's state. */
function Reason({ reason }: { reason: SkipReason }) {
  const t = useTranslations("activations");
  switch (reason.code) {
    case "early_cancel":
      return t("reasons.early_cancel", { time: formatDuration(reason.secondsLeft) });
    case "blocked":
      return reason.message;
    case "key_disabled":
      return t("bulk.keyDisabled");
    default:
      return t(`reasons.${reason.code}`);
  }
}

type ListRow = {
  activation: ActivationDto | null;
  fallbackId?: string;
  note: ReactNode;
  ok?: boolean;
};

/** A labelled list, scrollable and focusable (so keyboard users can scroll it), capped at SHOWN rows. */
function RowList({
  id,
  heading,
  headingRef,
  rows,
}: {
  id: string;
  heading: string;
  headingRef?: Ref<HTMLHeadingElement>;
  rows: ListRow[];
}) {
  const t = useTranslations("activations.bulk");
  if (rows.length === 0) return null;
  return (
    <section className="grid gap-1.5">
      <h3
        id={`${id}-heading`}
        ref={headingRef}
        tabIndex={headingRef ? -1 : undefined}
        className="text-sm font-semibold outline-none"
      >
        {heading}
      </h3>
      <ul
        aria-labelledby={`${id}-heading`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling list must be reachable by keyboard to be scrolled.
        tabIndex={0}
        data-testid={id}
        className="max-h-48 divide-y overflow-y-auto rounded-md border text-sm"
      >
        {rows.slice(0, SHOWN).map(({ activation, fallbackId, note, ok }) => {
          const rowId = activation?.id ?? fallbackId ?? "";
          return (
            <li
              key={activation ? rowKey(activation) : rowId}
              data-testid={`${id}-${rowId}`}
              data-ok={ok === undefined ? undefined : String(ok)}
              className="flex flex-wrap items-baseline gap-x-2 px-2 py-1"
            >
              <span className="font-mono text-xs">{rowId}</span>
              {activation ? (
                <span className="text-muted-foreground">
                  +{activation.phone} · {serviceName(activation.service)}
                </span>
              ) : null}
              {note ? (
                <span className={ok === false ? "text-destructive" : undefined}>{note}</span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {rows.length > SHOWN ? (
        <p className="text-xs text-muted-foreground">{t("more", { count: rows.length - SHOWN })}</p>
      ) : null}
    </section>
  );
}
