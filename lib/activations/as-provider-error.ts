import "server-only";
import { log } from "@/lib/log";
import { ProviderError } from "@/lib/provider";

/**
 * Anything thrown by a provider call that is not a ProviderError is a bug on our side: log its
 * kind (never its message, which could quote a URL) and treat the outcome as unknown.
 */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  log.error({ err: error instanceof Error ? error.name : typeof error }, "unexpected provider failure");
  return new ProviderError("NETWORK");
}
