// Row identity for the browser's copy of the table, shared by the merge (./merge-delta.ts) and the
// table (app/(dashboard)/activations/_components/table-state.ts). Pure and client-safe.
import type { ActivationDto } from "./dto";

// Each row object's key, made once: rows keep their objects across polls, and with 5,000 rows
// building (and hashing) the key strings on every poll was most of a merge's time, and the table
// keys all of them (virtualizer, selection, focus) on every change (issue 9).
const rowKeys = new WeakMap<Pick<ActivationDto, "keyId" | "id">, string>();

/** Ids are unique per key only: two keys may share one. */
export function rowKey(a: Pick<ActivationDto, "keyId" | "id">): string {
  let key = rowKeys.get(a);
  if (key === undefined) {
    key = `${a.keyId}:${a.id}`;
    rowKeys.set(a, key);
  }
  return key;
}

/**
 * `derive` kept per list object (a WeakMap) and built only when first asked for: the lookups over
 * all rows (positions, selection order) cost nothing on a poll nobody reads them in.
 */
export function perList<T extends object, R>(
  derive: (list: T) => R,
): ((list: T) => R) & { carry: (from: T, to: T) => void } {
  const made = new WeakMap<T, R>();
  const get = (list: T) => {
    if (made.has(list)) return made.get(list) as R;
    const result = derive(list);
    made.set(list, result);
    return result;
  };
  /** `to` has the same row keys at the same places as `from`: it can use what was built for it. */
  const carry = (from: T, to: T) => {
    if (made.has(from) && !made.has(to)) made.set(to, made.get(from) as R);
  };
  return Object.assign(get, { carry });
}

/** Each row's place in a list, by row key. */
export const positionsOf = perList(
  (rows: readonly ActivationDto[]) =>
    new Map(rows.map((a, i) => [rowKey(a), i])) as ReadonlyMap<string, number>,
);
