import ipaddr from "ipaddr.js";

// A key's optional allow-list of push sources: addresses and CIDRs, comma- or space-separated
// ("203.0.113.7, 198.51.100.0/24, 2001:db8::/32"). IPv4-mapped IPv6 addresses count as IPv4.
// Pure: the route gives it the client address as the app resolved it (lib/net/client-address.ts).

export const MAX_ALLOW_LIST_ENTRIES = 50;

type Entry = { kind: "address"; address: string } | { kind: "range"; range: [ipaddr.IPv4 | ipaddr.IPv6, number] };

function entriesOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * Only dotted-quad IPv4 or IPv6: ipaddr.js also takes "010.0.0.1" (octal: 8.0.0.1), "10"
 * (0.0.0.10) and "1.2.3", so a zero-padded or mistyped entry would let another host push.
 */
function isPlainAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

function parseEntry(text: string): Entry | null {
  if (text.includes("/")) {
    const [address = "", bits = ""] = text.split("/");
    if (!isPlainAddress(address) || !/^\d{1,3}$/.test(bits) || !ipaddr.isValidCIDR(text)) return null;
    const [base, prefix] = ipaddr.parseCIDR(text);
    // An IPv4-mapped range ("::ffff:203.0.113.0/120") as the IPv4 range it is: clients are
    // compared as IPv4 (ipaddr.process).
    if (base.kind() === "ipv6" && (base as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
      return { kind: "range", range: [(base as ipaddr.IPv6).toIPv4Address(), prefix - 96] };
    }
    return { kind: "range", range: [base, prefix] };
  }
  if (!isPlainAddress(text)) return null;
  return { kind: "address", address: ipaddr.process(text).toNormalizedString() };
}

export type AllowListParse = { ok: true; value: string | null } | { ok: false; invalid: string };

/**
 * Checks and normalizes an admin's input: null for an empty list (pushes from anywhere), the
 * entries joined by ", " otherwise, or the first entry that is not an address or CIDR.
 */
export function normalizeAllowList(text: string): AllowListParse {
  const parts = entriesOf(text);
  if (parts.length > MAX_ALLOW_LIST_ENTRIES) return { ok: false, invalid: parts[MAX_ALLOW_LIST_ENTRIES] ?? "" };
  for (const part of parts) if (!parseEntry(part)) return { ok: false, invalid: part.slice(0, 60) };
  return { ok: true, value: parts.length === 0 ? null : parts.join(", ") };
}

/** Whether a push from `address` may pass: any address without a list, none unknown with one. */
export function sourceAllowed(allowList: string | null, address: string | null): boolean {
  if (allowList === null || allowList.trim() === "") return true;
  if (!address || !ipaddr.isValid(address)) return false;
  const client = ipaddr.process(address);
  return entriesOf(allowList).some((text) => {
    const entry = parseEntry(text);
    if (!entry) return false;
    if (entry.kind === "address") return entry.address === client.toNormalizedString();
    const [base, bits] = entry.range;
    return base.kind() === client.kind() && client.match(base, bits);
  });
}
