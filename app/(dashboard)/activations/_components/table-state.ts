// Pure parts of the activation table: row identity, selection (with shift-ranges) and the row
// focus the keyboard moves. No React, so each rule has a plain unit test.
import type { ActivationDto } from "@/lib/activations/dto";
import { perList, positionsOf, rowKey } from "@/lib/activations/row-key";

// Row identity lives with the merge that keeps row objects (lib/activations/row-key.ts).
export { perList, positionsOf, rowKey };

/**
 * The virtualizer's getItemKey for a list: the same function while the list is the same. A new
 * one makes it re-measure every row, which a fresh closure per render did on each scroll frame.
 */
export const itemKeysOf = perList(
  (rows: readonly ActivationDto[]) =>
    (index: number): string | number => {
      const row = rows[index];
      return row ? rowKey(row) : index;
    },
);

/** The row keys of a list, in its order. */
export const orderOf = perList((rows: readonly ActivationDto[]) => rows.map(rowKey));

/** A set with `key` in or out; the same set when nothing changes (so React can bail out). */
export function toggleOne(
  selected: ReadonlySet<string>,
  key: string,
  checked: boolean,
): ReadonlySet<string> {
  if (selected.has(key) === checked) return selected;
  const next = new Set(selected);
  if (checked) next.add(key);
  else next.delete(key);
  return next;
}

/**
 * Shift-click: every row from the anchor (the last row clicked) to the target takes the target's
 * new state, as in a mail client. Without an anchor still on screen, only the target changes.
 */
export function selectRange(
  order: readonly string[],
  selected: ReadonlySet<string>,
  anchor: string | null,
  target: string,
  checked: boolean,
): ReadonlySet<string> {
  const to = order.indexOf(target);
  const from = anchor === null ? -1 : order.indexOf(anchor);
  if (to < 0) return selected;
  if (from < 0) return toggleOne(selected, target, checked);
  const next = new Set(selected);
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
    const key = order[i] as string;
    if (checked) next.add(key);
    else next.delete(key);
  }
  return next;
}

export type AllState = "none" | "some" | "all";

export function allState(order: readonly string[], selected: ReadonlySet<string>): AllState {
  if (selected.size === 0 || order.length === 0) return "none";
  let count = 0;
  for (const key of order) if (selected.has(key)) count++;
  return count === 0 ? "none" : count === order.length ? "all" : "some";
}

/** The header checkbox: everything that matches the filter, or nothing once all of it is selected. */
export function toggleAll(
  order: readonly string[],
  selected: ReadonlySet<string>,
): ReadonlySet<string> {
  return allState(order, selected) === "all" ? new Set() : new Set(order);
}

/** Rows that left the table (ended and gone, filtered out) leave the selection too. */
export function pruneSelection(
  selected: ReadonlySet<string>,
  present: ReadonlySet<string>,
): ReadonlySet<string> {
  let stale = false;
  for (const key of selected) {
    if (!present.has(key)) {
      stale = true;
      break;
    }
  }
  if (!stale) return selected;
  return new Set([...selected].filter((key) => present.has(key)));
}

/**
 * j/k: the next or previous row, clamped at both ends. From no focus (or a row that left the
 * table) both keys start at the first row, where the newest activation is.
 */
export function moveFocus(
  order: readonly string[],
  current: string | null,
  delta: 1 | -1,
): string | null {
  if (order.length === 0) return null;
  const at = current === null ? -1 : order.indexOf(current);
  if (at < 0) return order[0] ?? null;
  return order[Math.min(order.length - 1, Math.max(0, at + delta))] ?? null;
}

/**
 * Whether a poll brought a different row. Each poll parses fresh objects, so identity alone
 * would re-render every row every poll; field by field (codes by value), only a changed row does.
 */
export function sameActivation(a: ActivationDto, b: ActivationDto): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof ActivationDto)[];
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (key === "codes") continue;
    if (a[key] !== b[key]) return false;
  }
  if (a.codes.length !== b.codes.length) return false;
  return a.codes.every((c, i) => {
    const d = b.codes[i];
    return d !== undefined && c.code === d.code && c.at === d.at && c.text === d.text;
  });
}

/** `to` is `from` with rows replaced in place (same keys, same places): it keeps their lookups. */
export function carryLookups(from: readonly ActivationDto[], to: readonly ActivationDto[]): void {
  positionsOf.carry(from, to);
  orderOf.carry(from, to);
  itemKeysOf.carry(from, to);
}
