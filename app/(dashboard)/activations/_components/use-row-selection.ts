"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ActivationDto } from "@/lib/activations/dto";
import {
  allState,
  orderOf,
  pruneSelection,
  rowKey,
  selectRange,
  toggleAll,
  toggleOne,
} from "./table-state";

const NONE: ReadonlySet<string> = new Set();

/**
 * The checked rows, by row key. `activations` is what the table shows (filtered and sorted by the
 * view): "select all" takes all of it, shift-click ranges follow its order, and a row that leaves
 * it leaves the selection. The callbacks keep their identity, so memoized rows stay memoized.
 */
export function useRowSelection(activations: ActivationDto[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(NONE);
  // The order is built only when a selection needs it (most polls find nothing selected).
  const rows = useRef(activations);
  rows.current = activations;
  const anchor = useRef<string | null>(null);

  useEffect(() => {
    setSelected((current) =>
      current.size === 0 ? current : pruneSelection(current, new Set(orderOf(activations))),
    );
  }, [activations]);

  const onSelect = useCallback((key: string, checked: boolean, range: boolean) => {
    const from = anchor.current;
    setSelected((current) =>
      range
        ? selectRange(orderOf(rows.current), current, from, key, checked)
        : toggleOne(current, key, checked),
    );
    anchor.current = key;
  }, []);
  const onSelectAll = useCallback(
    () => setSelected((current) => toggleAll(orderOf(rows.current), current)),
    [],
  );
  const clear = useCallback(() => setSelected(NONE), []);

  const selectedRows = useMemo(
    () => (selected.size === 0 ? [] : activations.filter((a) => selected.has(rowKey(a)))),
    [activations, selected],
  );
  return {
    selected,
    selectedRows,
    all: selected.size === 0 ? "none" : allState(orderOf(activations), selected),
    onSelect,
    onSelectAll,
    clear,
  };
}
