import "server-only";
import { log } from "@/lib/log";
import { ProviderError } from "./errors";

/**
 * Anything thrown by a provider call that is not a ProviderError is a bug on our side: log its
 * kind (never its message, which could quote a URL) and treat the outcome as unknown. Only for
 * what the provider call itself threw (lib/audit/provider-call.ts): a database error after the
 * call is not a lost answer.
 */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  log.error({ err: error instanceof Error ? error.name : typeof error }, "unexpected provider failure");
  return new ProviderError("NETWORK");
}
