import "server-only";

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

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string): boolean {
  const plain = address.replace(/^::ffff:/i, "");
  return plain === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}
