"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useLayoutEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { BulkAction } from "@/lib/activations/bulk-plan";
import { activationsQueryKey } from "@/lib/activations/client-queries";
import type { ActivationDto, KeyTimingDto } from "@/lib/activations/dto";
import { type ActivationAction, effectiveState } from "@/lib/activations/state-machine";
import { serviceName } from "@/lib/catalog";
import { cn } from "@/lib/utils";
import { useColumns } from "./activation-row";
import { BulkActions } from "./bulk-actions";
import { BulkDialog } from "./bulk-dialog";
import { CancelConfirmDialog } from "./cancel-confirm-dialog";
import { type RowCommand, RowCommandsContext, type RowTiming } from "./row-actions";
import type { ShortcutId } from "./shortcuts";
import { moveFocus, orderOf, positionsOf, rowKey } from "./table-state";
import { useAnnouncer, useIsPhone, useStableTimings } from "./table-hooks";
import { lookEachFrame, ROW_MOUNT_MS } from "./look-each-frame";
import { useRowSelection } from "./use-row-selection";
import { useRowShortcuts } from "./use-row-shortcuts";
import { type ServerClock, ServerClockContext, serverNow } from "./use-ticking-clock";
import { VirtualCards } from "./virtual-cards";
import { type ListHandle, VirtualTable } from "./virtual-table";

type Props = {
  /** What to show, already filtered and sorted by the view. */
  activations: ActivationDto[];
  /** The server's time now (./server-skew.ts); only its difference from the browser's clock is used. */
  serverNowMs: number;
  /** The server's time of the first screen: countdowns hydrate at it when no copy is cached. */
  hydrationNowMs: number;
  keys: KeyTimingDto[];
  emptyText: string;
  /** The full set is not in yet: select-all would take only the first screen's rows. */
  partial: boolean;
};

const SHORTCUT_ACTION: Partial<Record<ShortcutId, ActivationAction>> = {
  finish: "finish",
  retry: "retry",
  cancel: "cancel",
};

/**
 * The activations as a virtualized table (or cards on a phone), with row selection for the bulk
 * actions and the row shortcuts. Time-derived cells tick on their own (use-ticking-clock), so this
 * component renders when its data changes, not every second.
 */
export function ActivationsTable({
  activations,
  serverNowMs,
  hydrationNowMs,
  keys,
  emptyText,
  partial,
}: Props) {
  const t = useTranslations("activations");
  const queryClient = useQueryClient();
  const [clock] = useState<ServerClock>(() => ({
    skewMs: serverNowMs - Date.now(),
    hydrationNowMs:
      queryClient.getQueryData<{ serverNowMs: number }>(activationsQueryKey)?.serverNowMs ??
      hydrationNowMs,
  }));
  useLayoutEffect(() => {
    clock.skewMs = serverNowMs - Date.now();
  }, [clock, serverNowMs]);

  // For scripts/bench/ui-table.mjs (a PerformanceObserver there): when a new set of rows is in
  // the DOM, before paint. Only the latest mark is kept, so a long-open tab does not pile them up.
  useLayoutEffect(() => {
    performance.clearMarks("activations-table:commit");
    performance.mark("activations-table:commit", { detail: { rows: activations.length } });
  }, [activations]);

  const timings = useStableTimings(keys);
  const multiKey = keys.length > 1;
  const columns = useColumns(multiKey);
  const phone = useIsPhone();
  const selection = useRowSelection(activations);
  const [commands] = useState(() => new Map<string, RowCommand>());
  const [announcement, announce] = useAnnouncer();
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<ActivationDto | null>(null);
  // Here, not in the selection bar: the bar unmounts when the selection empties, which a run
  // under a state filter causes (ended rows leave the list, and so the selection), and the
  // dialog with its progress and outcomes must stay until it is closed.
  const [bulkAction, setBulkAction] = useState<BulkAction | null>(null);
  const list = useRef<ListHandle | null>(null);

  // Built only when a row is focused or a shortcut asks, not on every poll (positionsOf keeps it).
  const indexOf = (key: string) => positionsOf(activations).get(key);
  const focusedIndex = focusedKey === null ? undefined : indexOf(focusedKey);
  const focused = focusedIndex === undefined ? null : (activations[focusedIndex] ?? null);
  const onFocusRow = useCallback((key: string) => setFocusedKey(key), []);

  const timingOf = (a: ActivationDto): RowTiming | undefined => timings.get(a.keyId);
  const describeRow = (a: ActivationDto, index: number) => {
    const state = effectiveState(a, serverNow(clock) + (timingOf(a)?.clockOffsetMs ?? 0));
    return t("rows.focused", {
      position: index + 1,
      total: activations.length,
      phone: a.phone,
      service: serviceName(a.service),
      status: t(`states.${state}`),
    });
  };

  /** The row's own command, once its buttons are rendered (scrolled into view first if needed). */
  const withCommand = (a: ActivationDto, index: number, use: (command: RowCommand) => void) => {
    const command = commands.get(rowKey(a));
    if (command) return use(command);
    list.current?.scrollToIndex(index);
    // Rows coming into view mount in a deferred render (virtual-table.tsx): look again each
    // frame for a while, not just once.
    lookEachFrame(() => commands.get(rowKey(a)), use, ROW_MOUNT_MS);
  };

  const runAction = (a: ActivationDto, action: ActivationAction, command: RowCommand) => {
    const label = t(`buttons.${action}`);
    const why = command.run(action);
    announce(
      why === null
        ? t("rows.sent", { action: label, phone: a.phone })
        : t("rows.notAvailable", { action: label, reason: why }),
    );
  };

  const copy = (value: string, done: string) => {
    navigator.clipboard.writeText(value).then(
      () => {
        announce(done);
        toast.success(done);
      },
      () => announce(t("rows.copyFailed")),
    );
  };

  useRowShortcuts((id) => {
    if (id === "down" || id === "up") {
      const next = moveFocus(
        orderOf(activations),
        focused ? focusedKey : null,
        id === "down" ? 1 : -1,
      );
      const index = next === null ? undefined : indexOf(next);
      if (next === null || index === undefined) return;
      setFocusedKey(next);
      list.current?.scrollToIndex(index);
      const row = activations[index];
      if (row) announce(describeRow(row, index));
      return;
    }
    if (!focused || focusedIndex === undefined) return announce(t("rows.noFocus"));
    const action = SHORTCUT_ACTION[id];
    if (action === "cancel") {
      return withCommand(focused, focusedIndex, (command) => {
        const why = command.reason("cancel");
        if (why === null) setConfirming(focused);
        else announce(t("rows.notAvailable", { action: t("buttons.cancel"), reason: why }));
      });
    }
    if (action)
      return withCommand(focused, focusedIndex, (command) => runAction(focused, action, command));
    if (id === "copyNumber")
      return copy(focused.phone, t("rows.copiedNumber", { phone: focused.phone }));
    if (id === "copyCode") {
      const latest = focused.codes.at(-1);
      if (!latest) return announce(t("rows.noCodeYet", { phone: focused.phone }));
      return copy(latest.code, t("rows.copiedCode", { code: latest.code }));
    }
  });

  const confirmCancel = (a: ActivationDto) => {
    const index = indexOf(rowKey(a));
    if (index === undefined) return;
    withCommand(a, index, (command) => runAction(a, "cancel", command));
  };

  const listProps = {
    activations,
    timings,
    selected: selection.selected,
    focusedKey: focused ? focusedKey : null,
    emptyText,
    onSelect: selection.onSelect,
    onFocusRow,
    handle: list,
  };

  return (
    <ServerClockContext.Provider value={clock}>
      <RowCommandsContext.Provider value={commands}>
        <div className="flex flex-col gap-2">
          {selection.selectedRows.length > 0 ? (
            <div
              data-testid="selection-bar"
              className={cn(
                "flex flex-wrap items-center gap-3 rounded-lg border bg-muted px-3 py-2 text-sm",
                phone && "sticky top-0 z-20",
              )}
            >
              <span className="font-medium" data-testid="selection-count">
                {t("rows.selected", { count: selection.selectedRows.length })}
              </span>
              <BulkActions selected={selection.selectedRows} onOpen={setBulkAction} />
              <Button
                type="button"
                variant="ghost"
                size="sm"
                className="ml-auto"
                onClick={selection.clear}
              >
                {t("rows.clearSelection")}
              </Button>
            </div>
          ) : null}
          {phone ? (
            <VirtualCards {...listProps} multiKey={multiKey} />
          ) : (
            <VirtualTable
              {...listProps}
              columns={columns}
              all={selection.all}
              onSelectAll={selection.onSelectAll}
              selectAllBlocked={partial ? t("rows.selectAllLoading") : null}
            />
          )}
          <p
            role="status"
            aria-live="polite"
            aria-atomic="true"
            className="sr-only"
            data-testid="row-announcer"
          >
            {announcement}
          </p>
          <CancelConfirmDialog
            activation={confirming}
            onConfirm={confirmCancel}
            onClose={() => setConfirming(null)}
          />
          {/* Mounted per opening: every preview starts fresh. */}
          {bulkAction ? (
            <BulkDialog
              action={bulkAction}
              selected={selection.selectedRows}
              keys={keys}
              onClose={(ran) => {
                setBulkAction(null);
                if (ran) selection.clear();
              }}
            />
          ) : null}
        </div>
      </RowCommandsContext.Provider>
    </ServerClockContext.Provider>
  );
}
