"use client";

import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { KeyTimingDto } from "@/lib/activations/dto";
import type { RowTiming } from "./row-actions";

/** Under 640 px (Tailwind's `sm`) each activation is a card instead of a table row. */
const PHONE_QUERY = "(max-width: 639.98px)";

function subscribePhone(onChange: () => void): () => void {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * Whether to show cards. The server renders the table (it cannot know the width); a phone swaps
 * to cards right after hydration. Only one of the two is ever in the page.
 */
export function useIsPhone(): boolean {
  return useSyncExternalStore(
    subscribePhone,
    () => window.matchMedia(PHONE_QUERY).matches,
    () => false,
  );
}

/**
 * One timing object per key, the same object from poll to poll while its values are unchanged:
 * rows compare it by identity, so an unchanged key re-renders no row.
 */
export function useStableTimings(keys: KeyTimingDto[]): Map<string, RowTiming> {
  const previous = useRef(new Map<string, RowTiming>());
  return useMemo(() => {
    const next = new Map<string, RowTiming>();
    for (const k of keys) {
      const old = previous.current.get(k.id);
      const same =
        old &&
        old.name === k.name &&
        old.clockOffsetMs === k.clockOffsetMs &&
        old.earlyCancelSeconds === k.earlyCancelSeconds &&
        old.blocked === k.blocked;
      next.set(
        k.id,
        same
          ? old
          : {
              name: k.name,
              clockOffsetMs: k.clockOffsetMs,
              earlyCancelSeconds: k.earlyCancelSeconds,
              blocked: k.blocked,
            },
      );
    }
    previous.current = next;
    return next;
  }, [keys]);
}

/**
 * A polite live region's text. The same message twice (the same refusal, pressed again) differs
 * by an invisible trailing space, so screen readers say it again.
 */
export function useAnnouncer(): [string, (message: string) => void] {
  const [state, setState] = useState({ text: "", flip: false });
  const announce = useCallback(
    (message: string) => setState((s) => ({ text: message, flip: !s.flip })),
    [],
  );
  return [state.flip ? `${state.text}\u00a0` : state.text, announce];
}
