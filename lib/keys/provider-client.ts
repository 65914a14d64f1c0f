import "server-only";
import { env } from "@/lib/config/env";
import { log } from "@/lib/log";
import { createProviderClient, type ProviderClient } from "@/lib/provider";
import { recordProviderDate } from "./provider-clock";
import type { ProviderKey } from "./provider-keys";

/** A protocol client for one key, following that provider's clock. */
export function providerClientFor(key: ProviderKey): ProviderClient {
  return createProviderClient({
    baseUrl: key.baseUrl,
    apiKey: key.secret,
    timeoutMs: env().PROVIDER_TIMEOUT_MS,
    onServerDate: (providerNowMs, localNowMs) =>
      recordProviderDate(key.id, providerNowMs, localNowMs),
    logger: log,
  });
}
