"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useTranslations } from "next-intl";
import {
  type RefObject,
  useDeferredValue,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import type { ActivationDto } from "@/lib/activations/dto";
import { ActivationRow, type Column, ROW_HEIGHT, SelectBox } from "./activation-row";
import type { RowTiming } from "./row-actions";
import { type AllState, itemKeysOf, rowKey } from "./table-state";

/**
 * Rows rendered beyond each edge of the viewport: a fast wheel step (600 px, 12.5 rows) stays
 * inside them while its new rows mount. Each row more is layout and paint on every scroll frame.
 */
const OVERSCAN = 14;
const HEADER_HEIGHT = 40;
const FALLBACK_TIMING: RowTiming = {
  name: "",
  clockOffsetMs: 0,
  earlyCancelSeconds: 120,
  blocked: null,
};

export type ListHandle = { scrollToIndex: (index: number) => void };

type Props = {
  activations: ActivationDto[];
  timings: Map<string, RowTiming>;
  columns: Column[];
  selected: ReadonlySet<string>;
  all: AllState;
  focusedKey: string | null;
  emptyText: string;
  onSelect: (key: string, checked: boolean, range: boolean) => void;
  onSelectAll: () => void;
  /** Why select-all is off for now (the full set is loading), or null. */
  selectAllBlocked: string | null;
  onFocusRow: (key: string) => void;
  handle: RefObject<ListHandle | null>;
};

/**
 * The desktop table: a real <table> (screen readers keep rows and headers, aria-rowcount tells
 * them the whole size) inside its own scroll box that fills the window below the toolbar, so the
 * header row stays in view (sticky) and a table wider than the window scrolls sideways in the same
 * box. Only the rows near the viewport exist; spacer rows stand in for the others.
 */
export function VirtualTable(props: Props) {
  const { activations, timings, columns, selected, all, focusedKey, emptyText, handle } = props;
  const t = useTranslations("activations.rows");
  const scrollRef = useRef<HTMLDivElement>(null);
  const maxHeight = useFillViewport(scrollRef);
  const virtualizer = useVirtualizer({
    count: activations.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey: itemKeysOf(activations),
    // The server renders the first screen of rows too (no element to measure there).
    initialRect: { width: 1200, height: 720 },
  });
  useImperativeHandle(
    handle,
    () => ({ scrollToIndex: (index) => virtualizer.scrollToIndex(index) }),
    [virtualizer],
  );

  // Rows coming into view render in a deferred (time-sliced) pass: the scroll frame itself only
  // re-renders the rows already there (memoized, so nothing), and mounting a wheel step's new
  // rows yields to the browser every few ms instead of making one long task with its layout and
  // paint (issue 9). The overscan keeps rows ready beyond both edges meanwhile.
  const items = useDeferredValue(virtualizer.getVirtualItems());
  const top = items.length > 0 ? (items[0]?.start ?? 0) - HEADER_HEIGHT : 0;
  const bottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const span = columns.length + 1;

  return (
    <div
      ref={scrollRef}
      data-testid="activations-scroll"
      className="relative max-h-[calc(100dvh-14rem)] min-h-40 overflow-auto rounded-lg border"
      style={maxHeight ? { maxHeight } : undefined}
    >
      <table
        aria-label={t("tableLabel")}
        aria-rowcount={activations.length + 1}
        className="w-full min-w-[68rem] table-fixed caption-bottom text-sm"
      >
        <colgroup>
          <col style={{ width: "2.75rem" }} />
          {columns.map((c) => (
            <col key={c.id} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-background shadow-[inset_0_-1px_0_var(--border)]">
          <tr aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
            <th scope="col" className="px-3 text-left align-middle">
              <SelectBox
                label={props.selectAllBlocked ?? t("selectAll", { count: activations.length })}
                disabled={props.selectAllBlocked !== null}
                checked={all === "all"}
                indeterminate={all === "some"}
                onChange={() => props.onSelectAll()}
              />
            </th>
            {columns.map((c) => (
              <th
                key={c.id}
                scope="col"
                className="overflow-hidden px-3 text-left align-middle font-medium whitespace-nowrap text-ellipsis text-muted-foreground"
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {activations.length === 0 ? (
            <tr>
              <td colSpan={span} className="py-10 text-center text-muted-foreground">
                {emptyText}
              </td>
            </tr>
          ) : null}
          {top > 0 ? (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row (nothing in it can take focus) standing in for the rows not rendered; aria-rowcount gives the real size.
            <tr aria-hidden="true" style={{ height: top }}>
              <td colSpan={span} />
            </tr>
          ) : null}
          {items.map((item) => {
            const a = activations[item.index];
            if (!a) return null;
            const key = rowKey(a);
            return (
              <ActivationRow
                key={key}
                activation={a}
                timing={timings.get(a.keyId) ?? FALLBACK_TIMING}
                columns={columns}
                index={item.index}
                selected={selected.has(key)}
                focused={focusedKey === key}
                onSelect={props.onSelect}
                onFocusRow={props.onFocusRow}
              />
            );
          })}
          {bottom > 0 ? (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row (nothing in it can take focus) standing in for the rows not rendered; aria-rowcount gives the real size.
            <tr aria-hidden="true" style={{ height: bottom }}>
              <td colSpan={span} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The scroll box's height: from its top to the window's bottom, so the page itself does not
 * scroll and the toolbar stays in view. Re-measured when the window or anything above changes.
 */
function useFillViewport(ref: RefObject<HTMLElement | null>): number | null {
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      // The page's bottom padding stays visible under the box.
      setHeight(Math.max(240, Math.floor(window.innerHeight - top - 24)));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(document.body);
    window.addEventListener("resize", update);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", update);
    };
  }, [ref]);
  return height;
}
