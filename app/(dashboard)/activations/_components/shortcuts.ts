// The activation table's keyboard shortcuts, in one list: the "?" dialog shows it, and the
// handlers (row shortcuts in the table, page shortcuts in the view) use these keys. Client-safe.

export type ShortcutId =
  | "search"
  | "down"
  | "up"
  | "finish"
  | "retry"
  | "cancel"
  | "copyCode"
  | "copyNumber"
  | "order"
  | "help";

/** Keys as KeyboardEvent.key values; the first is the one the help dialog shows first. */
export const SHORTCUTS: ReadonlyArray<{ id: ShortcutId; keys: readonly string[] }> = [
  { id: "search", keys: ["/"] },
  { id: "down", keys: ["j", "ArrowDown"] },
  { id: "up", keys: ["k", "ArrowUp"] },
  { id: "finish", keys: ["f"] },
  { id: "retry", keys: ["a"] },
  { id: "cancel", keys: ["c"] },
  { id: "copyCode", keys: ["y"] },
  { id: "copyNumber", keys: ["n"] },
  { id: "order", keys: ["o"] },
  { id: "help", keys: ["?"] },
];

/** The shortcut a key press means, or null. Modified presses (Ctrl/Meta/Alt) are the browser's. */
export function shortcutOf(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">,
): ShortcutId | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  return SHORTCUTS.find((s) => s.keys.includes(event.key))?.id ?? null;
}

/**
 * True while the user types: shortcuts never fire in a text field, a select, an editable element
 * or an open dialog's controls (a dialog handles its own keys).
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  // A checkbox or a button takes no text: a row's selection box keeps the shortcuts working.
  const textInput =
    "input:not([type='checkbox']):not([type='radio']):not([type='button']):not([type='submit'])";
  if (
    target.closest(`${textInput}, textarea, select, [contenteditable=''], [contenteditable='true']`)
  )
    return true;
  return (
    target.closest("[role='dialog'], [role='alertdialog'], [role='listbox'], [role='menu']") !==
    null
  );
}
