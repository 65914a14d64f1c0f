"use client";

import { useEffect, useRef } from "react";
import { isTypingTarget, type ShortcutId, shortcutOf } from "./shortcuts";

/** The page's own shortcuts; the row ones (j/k/f/a/c/y/n, arrows) belong to the table. */
export const PAGE_SHORTCUTS = ["search", "order", "help"] as const satisfies readonly ShortcutId[];
type PageShortcut = (typeof PAGE_SHORTCUTS)[number];

const isPageShortcut = (id: ShortcutId | null): id is PageShortcut =>
  id !== null && (PAGE_SHORTCUTS as readonly ShortcutId[]).includes(id);

/**
 * `/` focuses the search box, `o` opens the order dialog, `?` lists the shortcuts: on the whole
 * page, never while typing in a field or inside an open dialog.
 */
export function usePageShortcuts(handlers: Record<PageShortcut, () => void>) {
  // The latest handlers without re-subscribing on every render.
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || isTypingTarget(event.target)) return;
      const id = shortcutOf(event);
      if (!isPageShortcut(id)) return;
      // "/" would otherwise start the browser's quick find (Firefox) or type into the box it focuses.
      event.preventDefault();
      latest.current[id]();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
