import "server-only";
import { timingSafeEqual } from "node:crypto";
import ipaddr from "ipaddr.js";

// Who is on the other end of a request. The app's HTTP server (scripts/server.mjs) resolves the
// client address from the socket and, only for hops listed in TRUSTED_PROXIES, from
// X-Forwarded-For, then overwrites X-Forwarded-For with that one address before Next.js sees
// the request. So everything inside the app (better-auth's rate limiter included) reads one
// trustworthy value from that header, whatever the client sent.

/** The resolved client address of a request, or null when it is unknown. */
export function clientAddress(headers: Headers): string | null {
  const value = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return value ? value : null;
}

/**
 * The client address only when scripts/server.mjs saw the client itself (or only through
 * TRUSTED_PROXIES): null when an untrusted peer forwarded the request (a proxy on this host
 * would make everyone look local) and under plain `next start`/`next dev`, where a client-sent
 * X-Forwarded-For survives. For decisions that must fail closed, like skipping the setup token.
 */
export function directClientAddress(headers: Headers): string | null {
  const mark = process.env.SMS_DESK_DIRECT_MARK;
  const seen = headers.get("x-sms-desk-direct");
  if (!mark || !seen || !sameText(seen, mark)) return null;
  return clientAddress(headers);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * What counts as one client for throttles: an IPv4 address, or an IPv6 address's /64 (one
 * host usually holds a whole /64, and better-auth's own limiter groups IPv6 the same way).
 */
export function addressGroup(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(":")}::/64`;
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms, in any spelling ipaddr.js reads. */
export function isLoopbackAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === "loopback";
}
