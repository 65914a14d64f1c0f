// PROVIDER_ALLOWED_HOSTS: hosts the server operator lets custom base URLs reach over plain http
// or at private addresses (lib/keys/base-url.ts). Pure, so lib/config/env.ts can validate the
// setting with the same parser that applies it: a typo stops the server instead of silently
// allowing less than the operator meant.

/** A host, and its port when the entry named one (then only that port matches). */
export type HostRule = { hostname: string; port: string | null };

function parseEntry(entry: string): HostRule | null {
  const text = entry.trim();
  const hostPart = text.includes("://") && URL.canParse(text) ? new URL(text).host : text;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s]+)(?::(\d{1,5}))?$/.exec(hostPart);
  if (!match?.[1] || !URL.canParse(`http://${match[1]}`)) return null;
  // Through the URL parser, so "LOCALHOST" or "0x7f000001" match what a URL's hostname says.
  return { hostname: new URL(`http://${match[1]}`).hostname, port: match[2] ?? null };
}

const entries = (list: string) =>
  list
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);

/** "a.example, 10.0.0.7:8080, [fd00::1]" (a full URL is accepted for its host too). */
export function parseAllowedHosts(list: string): HostRule[] {
  return entries(list).flatMap((entry) => parseEntry(entry) ?? []);
}

/** The entries that name no host (for the setting's validation). */
export function invalidAllowedHostEntries(list: string): string[] {
  return entries(list).filter((entry) => parseEntry(entry) === null);
}
