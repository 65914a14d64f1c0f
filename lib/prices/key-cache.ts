// A provider read kept for a minute per key and what was asked (a service's prices, a country's
// operators): the order dialog asks each time it opens or a choice changes, and every provider
// call spends the key's rate (and a provider that sees the same read every second from one key
// may ban it). One request per key and question at a time (callers during a fetch share it); a
// failed fetch is not kept, so the next open asks again.

export const READ_TTL_MS = 60_000;
/** Entries kept at most (keys × questions asked): the oldest go first. */
export const MAX_READ_ENTRIES = 500;

type Entry<T> = { fetchedAt: number; value: Promise<T> };

/** `C`: what a fetch needs beyond the key's id (who asks, the key's secret), passed through. */
export type KeyCache<T, C = void> = {
  /** The answer to one question (a service, a country) through one key. */
  get(keyId: string, question: string, context: C): Promise<T>;
  /** Forgets a key's answers (its secret changed, it was deleted). */
  forgetKey(keyId: string): void;
};

export type KeyCacheOptions<T, C> = {
  /** Called on a miss only: a cached answer serves later callers whatever their context. */
  fetch: (keyId: string, question: string, context: C) => Promise<T>;
  now?: () => number;
  ttlMs?: number;
  maxEntries?: number;
};

export function createKeyCache<T, C = void>({
  fetch,
  now = Date.now,
  ttlMs = READ_TTL_MS,
  maxEntries = MAX_READ_ENTRIES,
}: KeyCacheOptions<T, C>): KeyCache<T, C> {
  const entries = new Map<string, Entry<T>>();
  const keyOf = (keyId: string, question: string) => `${keyId}\n${question}`;

  return {
    get(keyId, question, context) {
      const key = keyOf(keyId, question);
      const cached = entries.get(key);
      if (cached && now() - cached.fetchedAt < ttlMs) return cached.value;
      const value = fetch(keyId, question, context);
      entries.delete(key);
      entries.set(key, { fetchedAt: now(), value });
      // A Map iterates in insertion order: the first entry is the oldest.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    forgetKey(keyId) {
      for (const key of entries.keys()) if (key.startsWith(`${keyId}\n`)) entries.delete(key);
    },
  };
}
