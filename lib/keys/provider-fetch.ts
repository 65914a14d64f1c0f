import "server-only";
import { fetch as undiciFetch } from "undici";
import { BlockedAddressError, createGuardedAgent, createResolvingAgent, type Resolver } from "@/lib/net/guarded-agent";
import { connectRefusal, isTrustedUrl, providerResolver, type UrlPolicy, urlPolicy } from "./base-url";

// The fetch every provider call uses (lib/keys/provider-client.ts). Trusted URLs (see
// base-url.ts) go out as they are; every other one must be https, and every connection it opens
// is checked against the address rules at connect time. Redirects are never followed.
// Refusals throw BlockedAddressError before any socket is opened; transport.ts maps them to the
// provider error BLOCKED_ADDRESS.

export type ProviderFetchDeps = {
  /** The DNS resolver for untrusted hosts (default: providerResolver); tests pass a fake one. */
  resolve?: Resolver;
  /** Read at every request by default, so an environment change applies to stored keys. */
  policy?: () => UrlPolicy;
};

type UndiciInit = NonNullable<Parameters<typeof undiciFetch>[1]>;

export function createProviderFetch(deps: ProviderFetchDeps = {}): typeof fetch {
  const resolve = deps.resolve ?? providerResolver;
  const guarded = createGuardedAgent(resolve);
  const trusted = createResolvingAgent(resolve);
  const policyNow = deps.policy ?? urlPolicy;
  const providerFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const policy = policyNow();
    const refusal = connectRefusal(url, policy);
    if (refusal) throw new BlockedAddressError(refusal);
    return undiciFetch(url, {
      ...(init as UndiciInit),
      redirect: "manual",
      dispatcher: isTrustedUrl(url, policy) ? trusted : guarded,
    });
  };
  // undici's Response is the same WHATWG Response the global fetch returns, as a type apart.
  return providerFetch as unknown as typeof fetch;
}
