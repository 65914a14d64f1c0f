import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import type { Outcome } from "@/lib/result";
import type { PriceDto } from "./choices";
import { auditedKeyRead, settleKeyRead } from "./key-read";
import { createPriceCache } from "./price-cache";
import { forgetOperatorsOfKey } from "./read-operators";

// The order dialog's prices: getPrices for one service through the key's token bucket at user
// priority (someone is waiting), audited like every provider call, kept a minute per key and
// service (price-cache.ts) so reopening the dialog or switching back costs no call.

type Asker = { key: ProviderKey; actor: Actor };

const store = globalThis as unknown as { smsDeskPriceCache?: ReturnType<typeof createCache> };

function createCache() {
  return createPriceCache<Asker>({
    fetchOffers: async (_keyId, service, { key, actor }) => {
      const offers = await auditedKeyRead({
        key,
        actor,
        action: "getPrices",
        detail: service,
        call: (client) => client.getPrices({ service }),
        note: (answer) => `${answer.length} offers`,
        noAnswer: "PRICES_NO_ANSWER",
      });
      // Asked for one service, a provider may still answer others: keep what was asked.
      return offers.filter((o) => o.service === service);
    },
  });
}

/**
 * A key's secret was replaced (maybe another account, another currency) or the key deleted: its
 * cached prices and operators go, so the dialog never shows the old account's for the rest of
 * the minute.
 */
export function forgetPricesOfKey(keyId: string): void {
  store.smsDeskPriceCache?.forgetKey(keyId);
  forgetOperatorsOfKey(keyId);
}

/** Prices and stock of one service through one key (of the caller's team), cheapest first. */
export async function readPrices(key: ProviderKey, service: string, actor: Actor): Promise<Outcome<PriceDto[]>> {
  store.smsDeskPriceCache ??= createCache();
  const outcome = await settleKeyRead(store.smsDeskPriceCache.offers(key.id, service, { key, actor }), key.id, "prices");
  return outcome.ok ? { ok: true, value: outcome.value.map(({ country, cost, count }) => ({ country, cost, count })) } : outcome;
}
