"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useTranslations } from "next-intl";
import { type RefObject, useImperativeHandle, useLayoutEffect, useRef, useState } from "react";
import type { ActivationDto } from "@/lib/activations/dto";
import { ActivationCard } from "./activation-card";
import type { RowTiming } from "./row-actions";
import { itemKeysOf, rowKey } from "./table-state";
import type { ListHandle } from "./virtual-table";

const OVERSCAN = 8;
/** A card's usual height; each rendered card is measured, so a taller one (wrapped text) fits. */
const ESTIMATE = 172;
const GAP = 8;
const FALLBACK_TIMING: RowTiming = {
  name: "",
  clockOffsetMs: 0,
  earlyCancelSeconds: 120,
  blocked: null,
};

type Props = {
  activations: ActivationDto[];
  timings: Map<string, RowTiming>;
  multiKey: boolean;
  selected: ReadonlySet<string>;
  focusedKey: string | null;
  emptyText: string;
  onSelect: (key: string, checked: boolean, range: boolean) => void;
  onFocusRow: (key: string) => void;
  handle: RefObject<ListHandle | null>;
};

/**
 * The phone layout: one card per activation, scrolled with the page itself (the natural gesture
 * on a phone, and the browser's toolbars can collapse), virtualized like the table.
 */
export function VirtualCards(props: Props) {
  const { activations, timings, selected, focusedKey, handle } = props;
  const t = useTranslations("activations.rows");
  const listRef = useRef<HTMLDivElement>(null);
  const scrollMargin = useDocumentOffset(listRef);
  const virtualizer = useWindowVirtualizer({
    count: activations.length,
    estimateSize: () => ESTIMATE,
    overscan: OVERSCAN,
    gap: GAP,
    scrollMargin,
    getItemKey: itemKeysOf(activations),
  });
  useImperativeHandle(
    handle,
    () => ({ scrollToIndex: (index) => virtualizer.scrollToIndex(index) }),
    [virtualizer],
  );

  return (
    <div ref={listRef}>
      {activations.length === 0 ? (
        <p className="rounded-lg border py-10 text-center text-muted-foreground">
          {props.emptyText}
        </p>
      ) : (
        <ul
          aria-label={t("cardsLabel")}
          className="relative w-full"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const a = activations[item.index];
            if (!a) return null;
            const key = rowKey(a);
            return (
              <li
                key={key}
                aria-posinset={item.index + 1}
                aria-setsize={activations.length}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="absolute top-0 left-0 w-full"
                style={{ transform: `translateY(${item.start - scrollMargin}px)` }}
              >
                <ActivationCard
                  activation={a}
                  timing={timings.get(a.keyId) ?? FALLBACK_TIMING}
                  multiKey={props.multiKey}
                  selected={selected.has(key)}
                  focused={focusedKey === key}
                  onSelect={props.onSelect}
                  onFocusRow={props.onFocusRow}
                />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** Where the list starts in the page, kept up to date when something above it changes size. */
function useDocumentOffset(ref: RefObject<HTMLElement | null>): number {
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setOffset(Math.round(el.getBoundingClientRect().top + window.scrollY));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return offset;
}
