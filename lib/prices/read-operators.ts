import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import type { Outcome } from "@/lib/result";
import { createKeyCache } from "./key-cache";
import { auditedKeyRead, settleKeyRead } from "./key-read";

// The order dialog's operator choice: getOperators for one country through the key's token
// bucket at user priority, audited, kept a minute per key and country like prices. A provider
// without getOperators answers an empty list (lib/provider/parse-operators.ts), kept like any
// answer: the dialog hides the choice, and asks again a minute later at the earliest.

type Asker = { key: ProviderKey; actor: Actor };

const store = globalThis as unknown as { smsDeskOperatorCache?: ReturnType<typeof createCache> };

function createCache() {
  return createKeyCache<string[], Asker>({
    fetch: (_keyId, country, { key, actor }) =>
      auditedKeyRead({
        key,
        actor,
        action: "getOperators",
        detail: country,
        call: (client) => client.getOperators(country),
        note: (operators) => (operators.length === 0 ? "none listed" : `${operators.length} operators`),
        noAnswer: "PRICES_NO_ANSWER",
      }),
  });
}

/** A key's secret was replaced or the key deleted: its cached operator lists go (read-prices.ts). */
export function forgetOperatorsOfKey(keyId: string): void {
  store.smsDeskOperatorCache?.forgetKey(keyId);
}

/** The operators one country's numbers can be asked from through one key (of the caller's team). */
export async function readOperators(key: ProviderKey, country: string, actor: Actor): Promise<Outcome<string[]>> {
  store.smsDeskOperatorCache ??= createCache();
  return settleKeyRead(store.smsDeskOperatorCache.get(key.id, country, { key, actor }), key.id, "operators");
}
