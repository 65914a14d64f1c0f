import "server-only";
import { env } from "@/lib/config/env";
import { type HostRule, parseAllowedHosts } from "@/lib/net/allowed-hosts";
import { addressRefusal, literalRefusal, type Resolver, systemResolver } from "@/lib/net/guarded-agent";
import { providerEndpoint } from "@/lib/provider";
import type { Failure } from "@/lib/result";

// Where a provider key may point. A team admin types a custom base URL, and the server then
// calls it every few seconds with the key in the query: without these rules that is a way to
// make the server fetch internal addresses (cloud metadata, Redis on localhost, the LAN) and to
// send keys in clear. What the operator configured in the environment is trusted instead:
// SMS_PROVIDER_URL's origin and PROVIDER_ALLOWED_HOSTS may use plain http and private addresses.
// Read at every call, so a changed environment applies to keys already stored.

export { parseAllowedHosts };

export type UrlPolicy = {
  /** scheme://host[:port] of SMS_PROVIDER_URL. */
  trustedOrigins: readonly string[];
  allowedHosts: readonly HostRule[];
};


const store = globalThis as unknown as { smsDeskProviderResolver?: Resolver };

/** Resolves provider host names: the system's DNS, unless a test swapped in a fake one. */
export const providerResolver: Resolver = (hostname) =>
  (store.smsDeskProviderResolver ?? systemResolver)(hostname);

/** Test seam: tests never use real DNS (and never connect beyond loopback). */
export function setProviderResolver(resolve: Resolver | undefined): void {
  store.smsDeskProviderResolver = resolve;
}

export function urlPolicy(): UrlPolicy {
  const e = env();
  return {
    trustedOrigins: URL.canParse(e.SMS_PROVIDER_URL) ? [new URL(e.SMS_PROVIDER_URL).origin] : [],
    allowedHosts: parseAllowedHosts(e.PROVIDER_ALLOWED_HOSTS),
  };
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}

export function isTrustedUrl(url: URL, policy: UrlPolicy): boolean {
  if (policy.trustedOrigins.includes(url.origin)) return true;
  return policy.allowedHosts.some(
    (rule) => rule.hostname === url.hostname && (rule.port === null || rule.port === effectivePort(url)),
  );
}

/**
 * Why a connection to `url` is refused before any socket is opened (plain http, or an IP-literal
 * host in a blocked range), or null. Host names are checked at connect time by lib/net.
 */
export function connectRefusal(url: URL, policy: UrlPolicy): string | null {
  if (isTrustedUrl(url, policy)) return null;
  if (url.protocol !== "https:") {
    return "plain http is allowed only for SMS_PROVIDER_URL and PROVIDER_ALLOWED_HOSTS";
  }
  return literalRefusal(url);
}

export type BaseUrlCheck = {
  resolve?: Resolver;
  policy?: UrlPolicy;
  /** How long the add-time DNS lookup may take. */
  resolveTimeoutMs?: number;
};

/**
 * The rules for a custom base URL when a key is added, with the failure to show the admin.
 * No request is sent to the URL; a host name is resolved (DNS only) to check its addresses now,
 * and every connection checks them again (a later DNS change does not help).
 */
export async function checkBaseUrl(raw: string, deps: BaseUrlCheck = {}): Promise<Failure | null> {
  const text = raw.trim();
  if (!providerEndpoint(text)) return { code: "KEY_BASE_URL_INVALID" };
  const url = new URL(text);
  // The key travels in the query; user-info, a query or a fragment only serve to confuse what
  // is requested (`http://169.254.169.254/...#` once turned our path into a fragment).
  if (url.username || url.password || url.search || url.hash || text.includes("#")) {
    return { code: "KEY_BASE_URL_INVALID" };
  }
  const policy = deps.policy ?? urlPolicy();
  if (isTrustedUrl(url, policy)) return null;
  if (url.protocol !== "https:") return { code: "KEY_BASE_URL_NOT_HTTPS" };
  const literal = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (literalRefusal(url)) return { code: "KEY_BASE_URL_PRIVATE_ADDRESS", params: { address: literal } };
  const addresses = await resolveWithin(
    deps.resolve ?? providerResolver,
    url.hostname,
    deps.resolveTimeoutMs ?? 5000,
  );
  if (!addresses || addresses.length === 0) {
    return { code: "KEY_BASE_URL_UNRESOLVED", params: { host: url.hostname } };
  }
  const blocked = addresses.find((a) => addressRefusal(a.address));
  // The host name, not what it resolved to: the form must not tell a team admin the internal
  // addresses of the server's network.
  if (blocked) return { code: "KEY_BASE_URL_PRIVATE_ADDRESS", params: { address: url.hostname } };
  return null;
}

async function resolveWithin(resolve: Resolver, hostname: string, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((done) => {
    timer = setTimeout(() => done(null), timeoutMs);
  });
  try {
    return await Promise.race([resolve(hostname).catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
