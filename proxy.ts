import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";

// Two jobs, both cheap and per request (the static security headers live in next.config.ts):
// 1. Optimistic redirect: a visitor without a session cookie goes to /sign-in. Whether the
//    cookie is valid, and what its owner may do, is checked by every page, route and action.
// 2. A Content-Security-Policy with a fresh nonce (Next.js's documented nonce pattern). Next.js
//    reads the nonce from the *request's* CSP header while rendering and puts it on its own
//    scripts; the browser gets the same policy on the response. Every page renders dynamically
//    (the root layout reads the locale cookie), so each response carries the nonce it was sent with.

const isDev = process.env.NODE_ENV === "development";

// Public pages: no redirect, but they get the CSP like every other page.
function isPublic(pathname: string): boolean {
  return pathname.startsWith("/sign-in") || pathname.startsWith("/setup");
}

function contentSecurityPolicy(nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    // No 'unsafe-inline': only scripts carrying this request's nonce, and what they load, run.
    // `next dev` needs eval for React's debugging stacks; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // Inline styles stay allowed: React `style` props, radix-ui positioning and sonner set them,
    // and a style cannot run code. (A nonce here would switch 'unsafe-inline' off.)
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    // The web app manifest (/manifest.webmanifest); default-src covers it, this says so.
    "manifest-src 'self'",
    // Reads go to our own route handlers only; the browser never talks to the provider.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only on https: on the plain-http demo it would rewrite asset URLs to an https that isn't there.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function proxy(request: NextRequest) {
  // process.env directly: lib/config/env.ts is server-only and validates secrets we don't need here.
  const https = (process.env.APP_URL ?? "").startsWith("https://");
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, https);

  let response: NextResponse;
  if (!isPublic(request.nextUrl.pathname) && !getSessionCookie(request)) {
    response = NextResponse.redirect(new URL("/sign-in", request.url));
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("content-security-policy", csp);
    // For a Server Component that renders its own <Script nonce>; Next.js's scripts don't need it.
    requestHeaders.set("x-nonce", nonce);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("Content-Security-Policy", csp);
  // Here, not in next.config.ts: headers() there are fixed at build time, APP_URL is read at start.
  if (https)
    response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  // Every page, public ones included; not API routes (they answer 401 themselves and get their
  // headers from next.config.ts), build assets, nor the icons and the manifest: a browser fetches
  // those without the session (and a phone's home screen needs them before anyone signs in).
  // Entries are ORed, and written out in full: Next.js reads them at build time, not variables.
  matcher: [
    // Every page request that is not a server action.
    {
      source:
        "/((?!api|_next/static|_next/image|favicon.ico|icon.svg|apple-icon.png|manifest.webmanifest|icons/).*)",
      missing: [{ type: "header", key: "next-action" }],
    },
    // Server actions only without a session cookie (any name getSessionCookie accepts), for the
    // redirect to /sign-in. An action POST with one skips the proxy: its answer is the action's
    // result, not a document, so the CSP nonce is of no use, and it cost ~9 ms of every click
    // (docs/performance.md). The action itself checks the session, as every action does.
    {
      source:
        "/((?!api|_next/static|_next/image|favicon.ico|icon.svg|apple-icon.png|manifest.webmanifest|icons/).*)",
      missing: [
        { type: "cookie", key: "better-auth.session_token" },
        { type: "cookie", key: "__Secure-better-auth.session_token" },
        { type: "cookie", key: "better-auth-session_token" },
        { type: "cookie", key: "__Secure-better-auth-session_token" },
      ],
    },
    // And server actions whose body may pass Next.js's 1 MB action limit (no Content-Length, or
    // one of 7 digits or more). Running the proxy reads the whole body first (to clone it), so
    // Next.js's 413 leaves none of it unread on the kept-alive connection; skipped, the rest of
    // a 2 MB body stayed there and the client's next request on it was reset (ECONNRESET,
    // e2e/bad-input.spec.ts "2 MB id"). A click's body is under 200 bytes. This entry also keeps
    // the proxy on every GET (no Content-Length), whatever headers it carries.
    {
      source:
        "/((?!api|_next/static|_next/image|favicon.ico|icon.svg|apple-icon.png|manifest.webmanifest|icons/).*)",
      missing: [{ type: "header", key: "content-length", value: "[0-9]{1,6}" }],
    },
  ],
};
