import type { PriceOffer } from "@/lib/provider/parse-prices";
import { createKeyCache, type KeyCacheOptions, MAX_READ_ENTRIES, READ_TTL_MS } from "./key-cache";

// Prices and stock per key and service, kept for a minute (key-cache.ts says why), cheapest first.

export const PRICE_TTL_MS = READ_TTL_MS;
/** Entries kept at most (keys × services asked): the oldest go first. */
export const MAX_PRICE_ENTRIES = MAX_READ_ENTRIES;

/** `C`: what a fetch needs beyond the key's id (who asks, the key's secret), passed through. */
export type PriceCache<C = void> = {
  /** The offers for one service through one key, cheapest first. */
  offers(keyId: string, service: string, context: C): Promise<PriceOffer[]>;
  /** Forgets a key's prices (its secret changed, it was deleted). */
  forgetKey(keyId: string): void;
};

type Options<C> = Omit<KeyCacheOptions<PriceOffer[], C>, "fetch"> & {
  /** Called on a miss only: a cached answer serves later callers whatever their context. */
  fetchOffers: (keyId: string, service: string, context: C) => Promise<PriceOffer[]>;
};

/** Cheapest first; the same price, more stock first; then by country code for a stable order. */
export function byPrice(a: PriceOffer, b: PriceOffer): number {
  return a.cost - b.cost || b.count - a.count || a.country.localeCompare(b.country);
}

export function createPriceCache<C = void>({ fetchOffers, ...options }: Options<C>): PriceCache<C> {
  const cache = createKeyCache<PriceOffer[], C>({
    ...options,
    fetch: (keyId, service, context) => fetchOffers(keyId, service, context).then((list) => [...list].sort(byPrice)),
  });
  return { offers: cache.get, forgetKey: cache.forgetKey };
}
