"use client";

import { useEffect, useRef } from "react";
import { isTypingTarget, type ShortcutId, shortcutOf } from "./shortcuts";

/** The shortcuts that act on the focused row; the page's own (/, o, ?) belong to the view. */
export const ROW_SHORTCUTS = new Set<ShortcutId>([
  "down",
  "up",
  "finish",
  "retry",
  "cancel",
  "copyCode",
  "copyNumber",
]);

/** A focused row checkbox is not typing: j/k go on working after a click on one. */
function typing(target: EventTarget | null): boolean {
  if (
    target instanceof HTMLInputElement &&
    (target.type === "checkbox" || target.type === "radio")
  ) {
    return isTypingTarget(target.parentElement);
  }
  return isTypingTarget(target);
}

/**
 * Calls `handle` for a row shortcut pressed anywhere on the page, except while typing (a field, a
 * select, an open dialog). Holding j or k repeats; holding an action key does not act twice.
 */
export function useRowShortcuts(handle: (id: ShortcutId) => void) {
  const latest = useRef(handle);
  latest.current = handle;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || typing(event.target)) return;
      const id = shortcutOf(event);
      if (id === null || !ROW_SHORTCUTS.has(id)) return;
      event.preventDefault();
      if (event.repeat && id !== "down" && id !== "up") return;
      latest.current(id);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
