"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { activationsQueryKey } from "@/lib/activations/client-queries";
import type { ActivationDto, ActivationsData, KeyTimingDto } from "@/lib/activations/dto";
import {
  DEFAULT_FILTERS,
  type FilterClock,
  msUntilNextExpiry,
  type TableFilters,
} from "./table-filters";
import { type ClockRead, nextSkewMs } from "./server-skew";
import { TABLE_URL } from "./table-url";

export function useTableFilters() {
  const [filters, setFilters] = useQueryStates(TABLE_URL, { history: "replace" });
  const set = useCallback(
    (patch: Partial<TableFilters>) => {
      void setFilters(patch);
    },
    [setFilters],
  );
  const reset = useCallback(() => {
    // The sort is how the user likes to read the table, not a filter: it stays.
    void setFilters({ q: null, key: null, service: null, country: null, status: null, mine: null });
  }, [setFilters]);
  const filtered =
    filters.q !== "" ||
    filters.key !== null ||
    filters.service !== null ||
    filters.country !== null ||
    filters.status !== DEFAULT_FILTERS.status ||
    filters.mine;
  return { filters: filters satisfies TableFilters, set, reset, filtered };
}

export const SEARCH_DEBOUNCE_MS = 250;

/**
 * The search box's own text: it follows every keystroke, and reaches the URL (and so the filter)
 * once typing pauses. A change of the URL from elsewhere (Clear, Back) replaces the text.
 */
export function useSearchText(q: string, commit: (text: string) => void) {
  const [text, setText] = useState(q);
  const [seenQ, setSeenQ] = useState(q);
  if (q !== seenQ) {
    setSeenQ(q);
    if (q !== text) setText(q);
  }
  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(() => commit(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, q, commit]);
  const flush = useCallback(() => {
    if (text !== q) commit(text);
  }, [text, q, commit]);
  return { text, setText, flush };
}

/**
 * The clock the filters read: the server's time (via `skewMs`, server minus browser) and each
 * key's provider offset. It is re-read only when a waiting row runs out (the one thing time
 * changes for the filters, counts and time-left order), so the table's one-second countdown
 * never re-runs filtering over thousands of rows.
 */
export function useFilterClock(
  rows: readonly ActivationDto[],
  keys: readonly KeyTimingDto[],
  skewMs: number,
  hydrationNowMs: number,
): FilterClock {
  // By value: a poll that sends the same offsets in a new array keeps the clock (and the memos).
  const signature = JSON.stringify(keys.map((k) => [k.id, k.clockOffsetMs]));
  const offsets = useMemo(() => new Map<string, number>(JSON.parse(signature)), [signature]);
  const queryClient = useQueryClient();
  // The first reading is the server's time of the rows on screen (the cached copy's, or the
  // first screen's: `hydrationNowMs`), the one instant the server render and the browser's
  // hydration share: each reading its own clock, rows running out in between would give other
  // counts and rows than the server's HTML. The effect below catches up after that.
  const [serverNowMs, setServerNowMs] = useState(
    () =>
      queryClient.getQueryData<ActivationsData>(activationsQueryKey)?.serverNowMs ?? hydrationNowMs,
  );
  const skew = useRef(skewMs);
  useEffect(() => {
    skew.current = skewMs;
  }, [skewMs]);
  const clock = useMemo(() => ({ serverNowMs, offsets }), [serverNowMs, offsets]);

  useEffect(() => {
    const next = msUntilNextExpiry(rows, clock);
    if (next === null) return;
    const now = Date.now() + skew.current;
    const due = clock.serverNowMs + next;
    // New rows may have run out between the last reading and now: read the clock again at once.
    // Otherwise every state the old reading gives is still right, and the memos stay warm.
    if (due <= now) {
      setServerNowMs(now);
      return;
    }
    const timer = setTimeout(() => setServerNowMs(Date.now() + skew.current), due - now + 25);
    return () => clearTimeout(timer);
  }, [rows, clock]);

  return clock;
}

/**
 * The server's clock minus the browser's: from the first screen's read until the first poll, then
 * narrowed by each poll's read (./server-skew.ts). Kept while a poll's window lies within
 * `toleranceMs` of it: every poll's window moves by a few ms of network time, and a new value
 * would re-render the whole table for nothing a countdown can show.
 */
export function useServerSkew(
  firstSkewMs: number,
  read: ClockRead | null,
  toleranceMs = 250,
): number {
  const [skew, setSkew] = useState(firstSkewMs);
  const next = read ? nextSkewMs(skew, read, toleranceMs) : skew;
  if (next !== skew) setSkew(next);
  return next;
}
