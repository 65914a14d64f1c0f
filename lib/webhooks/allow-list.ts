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

function parseEntry(text: string): Entry | null {
  if (text.includes("/")) {
    if (!ipaddr.isValidCIDR(text)) return null;
    const [address, bits] = ipaddr.parseCIDR(text);
    return { kind: "range", range: [address, bits] };
  }
  if (!ipaddr.isValid(text)) return null;
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
