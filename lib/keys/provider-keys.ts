import "server-only";
import { env } from "@/lib/config/env";

/**
 * A provider key as the server uses it. The secret never leaves lib/: route handlers and
 * actions get DTOs without it.
 */
export type ProviderKey = {
  id: string;
  baseUrl: string;
  secret: string;
  earlyCancelSeconds: number;
  lifetimeSeconds: number;
  /** Minutes east of UTC of the provider's activationTime strings. */
  tzOffsetMinutes: number;
};

/**
 * Until the key vault exists (issue 3) the one key comes from the server environment
 * (SMS_PROVIDER_URL + SMS_API_KEY), defaulting to the bundled simulator.
 */
export const ENV_KEY_ID = "env";

export function listEnabledKeys(): ProviderKey[] {
  return [envKey()];
}

export function getKey(keyId: string): ProviderKey | null {
  return keyId === ENV_KEY_ID ? envKey() : null;
}

/** The key a signed-in operator works with (one per team once teams exist). */
export function currentKey(): ProviderKey {
  return envKey();
}

function envKey(): ProviderKey {
  const e = env();
  return {
    id: ENV_KEY_ID,
    baseUrl: e.SMS_PROVIDER_URL,
    secret: e.SMS_API_KEY,
    earlyCancelSeconds: e.PROVIDER_EARLY_CANCEL_SECONDS,
    lifetimeSeconds: e.PROVIDER_LIFETIME_SECONDS,
    tzOffsetMinutes: e.PROVIDER_TZ_OFFSET_MINUTES,
  };
}
