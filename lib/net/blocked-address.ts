import "server-only";
import ipaddr from "ipaddr.js";

// Which IP addresses a provider connection may reach. An allowlist, not a blocklist: only
// ipaddr.js's "unicast" (public) range passes, so loopback, RFC 1918, link-local (cloud metadata
// at 169.254.169.254), CGNAT, multicast, unspecified, documentation and other reserved ranges are
// all refused, IPv4 and IPv6 alike, including IPv6 forms that carry an IPv4 address.

/** The range name that makes `address` off limits ("loopback", "private", ...), or null. */
export function blockedRange(address: string): string | null {
  const text = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(text)) return "invalid";
  const ip = ipaddr.parse(text);
  if (ip.kind() === "ipv4") return publicOr((ip as ipaddr.IPv4).range());
  const v6 = ip as ipaddr.IPv6;
  // ::ffff:127.0.0.1 reaches 127.0.0.1: judge the IPv4 address it carries.
  if (v6.isIPv4MappedAddress()) return blockedRange(v6.toIPv4Address().toString());
  // NAT64 (64:ff9b::/96) translates to the IPv4 address in its last 32 bits: judge that one.
  if (v6.match(NAT64, 96)) return blockedRange(embeddedIPv4(v6));
  // Every global unicast IPv6 address is in 2000::/3; outside it (::/8 IPv4-compatible forms,
  // fc00::/7, fe80::/10, the local NAT64 prefix 64:ff9b:1::/48, ...) nothing is public.
  if (!v6.match(GLOBAL_UNICAST, 3)) return publicOr(v6.range()) ?? "reserved";
  return publicOr(v6.range());
}

const NAT64 = ipaddr.IPv6.parse("64:ff9b::");
const GLOBAL_UNICAST = ipaddr.IPv6.parse("2000::");

function publicOr(range: string): string | null {
  return range === "unicast" ? null : range;
}

function embeddedIPv4(v6: ipaddr.IPv6): string {
  const [, , , , , , high = 0, low = 0] = v6.parts;
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}
