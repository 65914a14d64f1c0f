// Who is on the other end of a request, decided once, at the app's own HTTP server
// (scripts/server.mjs), before Next.js sees the request. A client may send any X-Forwarded-For it
// likes; only hops we were told to trust (TRUSTED_PROXIES) may vouch for the address before them.
// proxy-addr (Express's resolver) walks the chain from the socket outwards and stops at the first
// untrusted hop. Pure functions, so they are tested without a server (client-address.test.mjs).
import { isIP } from "node:net";
import proxyaddr from "proxy-addr";

/**
 * Set by this server, and only by it (a client's copy is removed), when it saw the client itself
 * or only through TRUSTED_PROXIES: its value is a random secret of this process
 * (process.env.SMS_DESK_DIRECT_MARK, made by server.mjs), so neither a client nor a run under
 * plain `next start`/`next dev` can fake it. lib/net/client-address.ts reads it for decisions
 * that must fail closed (skipping the setup token).
 */
export const DIRECT_MARK_HEADER = "x-sms-desk-direct";

/** Forwarding headers that only a trusted proxy may set; dropped when the peer is anyone else. */
export const FORWARDING_HEADERS = ["forwarded", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"];

/**
 * TRUSTED_PROXIES -> proxy-addr's trust function. Comma-separated addresses, CIDRs
 * (10.0.0.0/8, fd00::/8), address/netmask, or proxy-addr's names: loopback, linklocal,
 * uniquelocal. Unset or empty trusts nobody: the socket address is the client.
 * Throws an Error naming the bad entry (never silently trusting less or more than asked).
 */
export function parseTrustedProxies(value) {
  const entries = (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    try {
      proxyaddr.compile(entry);
    } catch {
      throw new Error(
        `TRUSTED_PROXIES: "${entry}" is not an address, a CIDR range or one of loopback, linklocal, uniquelocal`,
      );
    }
  }
  return { entries, trust: proxyaddr.compile(entries) };
}

/** 127.0.0.1 rather than ::ffff:127.0.0.1 (a dual-stack socket's IPv4 client), so one client has one key. */
export function plainAddress(address) {
  const match = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return match ? match[1] : address;
}

/**
 * The client address of a request: the socket's peer, or, when that peer is trusted, the nearest
 * X-Forwarded-For hop that is not. Null when the socket is gone. A hop that is not an address
 * (garbage a trusted proxy passed on) is never used: the socket address is, instead.
 * @param {{ socket?: { remoteAddress?: string }, headers: Record<string, string | string[] | undefined> }} req
 * @param {(address: string, hop: number) => boolean} trust
 */
export function resolveClientAddress(req, trust) {
  const remote = req.socket?.remoteAddress;
  if (!remote) return null;
  // proxy-addr reads req.connection.remoteAddress and the x-forwarded-for header only.
  const resolved = proxyaddr({ connection: { remoteAddress: remote }, headers: req.headers }, trust);
  return plainAddress(isIP(resolved) ? resolved : remote);
}

/**
 * Rewrites the request's headers in place so the app can believe them: X-Forwarded-For becomes
 * the one resolved address (or is removed), the other forwarding headers are kept only when the
 * socket's peer is a trusted proxy, and DIRECT_MARK_HEADER carries directMark when no untrusted
 * peer forwarded the request.
 */
export function applyClientAddress(req, trust, directMark = undefined) {
  const remote = req.socket?.remoteAddress;
  const peerTrusted = remote ? trust(remote, 0) : false;
  // Forwarding headers from a peer we do not trust: either a client pretending, or a proxy the
  // operator forgot to list (nginx on the same host makes every visitor look like 127.0.0.1).
  // Either way the socket address may not be the visitor's, so the request is not "direct".
  delete req.headers[DIRECT_MARK_HEADER];
  const forwarded = ["x-forwarded-for", ...FORWARDING_HEADERS].some((name) => req.headers[name] !== undefined);
  if (directMark && !(forwarded && !peerTrusted)) req.headers[DIRECT_MARK_HEADER] = directMark;
  const address = resolveClientAddress(req, trust);
  if (address) req.headers["x-forwarded-for"] = address;
  else delete req.headers["x-forwarded-for"];
  if (!peerTrusted) for (const name of FORWARDING_HEADERS) delete req.headers[name];
  return address;
}
