import type { PriceOffer } from "@/lib/provider/parse-prices";

// Prices and stock per key and service, kept for a minute: the order dialog asks each time it
// opens or the service changes, and every provider call spends the key's rate (and a provider
// that sees the same getPrices every second from one key may ban it). One request per key and
// service at a time (callers during a fetch share it); a failed fetch is not kept, so the next
// open asks again.

export const PRICE_TTL_MS = 60_000;
/** Entries kept at most (keys × services asked): the oldest go first. */
export const MAX_PRICE_ENTRIES = 500;

type Entry = { fetchedAt: number; offers: Promise<PriceOffer[]> };

/** `C`: what a fetch needs beyond the key's id (who asks, the key's secret), passed through. */
export type PriceCache<C = void> = {
  /** The offers for one service through one key, cheapest first. */
  offers(keyId: string, service: string, context: C): Promise<PriceOffer[]>;
  /** Forgets a key's prices (its secret changed, it was deleted). */
  forgetKey(keyId: string): void;
};

type Options<C> = {
  /** Called on a miss only: a cached answer serves later callers whatever their context. */
  fetchOffers: (keyId: string, service: string, context: C) => Promise<PriceOffer[]>;
  now?: () => number;
  ttlMs?: number;
  maxEntries?: number;
};

/** Cheapest first; the same price, more stock first; then by country code for a stable order. */
export function byPrice(a: PriceOffer, b: PriceOffer): number {
  return a.cost - b.cost || b.count - a.count || a.country.localeCompare(b.country);
}

export function createPriceCache<C = void>({
  fetchOffers,
  now = Date.now,
  ttlMs = PRICE_TTL_MS,
  maxEntries = MAX_PRICE_ENTRIES,
}: Options<C>): PriceCache<C> {
  const entries = new Map<string, Entry>();
  const keyOf = (keyId: string, service: string) => `${keyId}\n${service}`;

  return {
    offers(keyId, service, context) {
      const key = keyOf(keyId, service);
      const cached = entries.get(key);
      if (cached && now() - cached.fetchedAt < ttlMs) return cached.offers;
      const offers = fetchOffers(keyId, service, context).then((list) => [...list].sort(byPrice));
      entries.delete(key);
      entries.set(key, { fetchedAt: now(), offers });
      // A Map iterates in insertion order: the first entry is the oldest.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      offers.catch(() => {
        if (entries.get(key)?.offers === offers) entries.delete(key);
      });
      return offers;
    },
    forgetKey(keyId) {
      for (const key of entries.keys()) if (key.startsWith(`${keyId}\n`)) entries.delete(key);
    },
  };
}
