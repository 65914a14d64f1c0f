import "server-only";
import type { Actor } from "@/lib/actions/safe-action";
import { auditedProviderCall } from "@/lib/audit/provider-call";
import { keyBlock, recordKeyFault } from "@/lib/keys/health";
import { providerClientFor } from "@/lib/keys/provider-client";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import { log } from "@/lib/log";
import type { PriceOffer } from "@/lib/provider/parse-prices";
import type { Failure, Outcome } from "@/lib/result";
import type { PriceDto } from "./choices";
import { createPriceCache } from "./price-cache";

// The order dialog's prices: getPrices for one service through the key's token bucket at user
// priority (someone is waiting), audited like every provider call, kept a minute per key and
// service (price-cache.ts) so reopening the dialog or switching back costs no call.

type Asker = { key: ProviderKey; actor: Actor };

/** A refusal or a provider fault, carried through the cache's promise to the caller. */
class PriceReadFailed extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

const store = globalThis as unknown as { smsDeskPriceCache?: ReturnType<typeof createCache> };

function createCache() {
  return createPriceCache<Asker>({ fetchOffers });
}

async function fetchOffers(_keyId: string, service: string, { key, actor }: Asker): Promise<PriceOffer[]> {
  const blocked = keyBlock(key);
  if (blocked) throw new PriceReadFailed(blocked);
  const outcome = await auditedProviderCall({
    audit: { team_id: key.teamId, actor_id: actor.id, actor: actor.label, key_id: key.id, action: "getPrices", detail: service },
    call: () => providerClientFor(key, { priority: "user" }).getPrices({ service }),
    auditOk: () => ({ result: "OK" }),
    onProviderError: (error) => recordKeyFault(key, error),
    record: async (_trx, answer) => ({ value: answer, note: answer.ok ? `${answer.value.length} offers` : undefined }),
  });
  // A lost or unreadable answer (timeout, garbage) says nothing about an activation here, unlike
  // the provider messages written for actions: its own message.
  if (!outcome.ok) throw new PriceReadFailed({ code: outcome.error.outcomeUnknown ? "PRICES_NO_ANSWER" : outcome.error.code });
  // Asked for one service, a provider may still answer others: keep what was asked.
  return outcome.value.filter((o) => o.service === service);
}

/**
 * A key's secret was replaced (maybe another account, another currency) or the key deleted: its
 * cached prices go, so the dialog never shows the old account's for the rest of the minute.
 */
export function forgetPricesOfKey(keyId: string): void {
  store.smsDeskPriceCache?.forgetKey(keyId);
}

/** Prices and stock of one service through one key (of the caller's team), cheapest first. */
export async function readPrices(key: ProviderKey, service: string, actor: Actor): Promise<Outcome<PriceDto[]>> {
  store.smsDeskPriceCache ??= createCache();
  try {
    const offers = await store.smsDeskPriceCache.offers(key.id, service, { key, actor });
    return { ok: true, value: offers.map(({ country, cost, count }) => ({ country, cost, count })) };
  } catch (error) {
    if (error instanceof PriceReadFailed) return { ok: false, failure: error.failure };
    // Not sent (the rate limit's database failed) or our own fault: logged, a generic message.
    log.error({ err: error instanceof Error ? error.name : typeof error, keyId: key.id }, "reading prices failed");
    return { ok: false, failure: { code: "UNEXPECTED" } };
  }
}
