import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// Headers that are the same on every response. The page CSP (a nonce per request) and HSTS (it
// depends on APP_URL at start, and headers() here are fixed at build time) are set in proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Legacy twin of CSP frame-ancestors 'none', for browsers that predate it.
  { key: "X-Frame-Options", value: "DENY" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  },
];

// The app's public host, read when the server starts (`next start` loads this file again). Next.js
// refuses a server action whose Origin differs from the request's X-Forwarded-Host or Host: the
// CSRF guard. Behind a reverse proxy that rewrites Host (nginx's default proxy_pass sends
// "127.0.0.1:3000" and no X-Forwarded-Host) every action would fail, so our own public origin is
// allowed explicitly. This opens nothing: a cross-site page cannot make a browser send our Origin.
// (Read here rather than through lib/config/env.ts, which is server-only and not loadable here.)
const appHost = (() => {
  try {
    return process.env.APP_URL ? new URL(process.env.APP_URL).host : undefined;
  } catch {
    return undefined;
  }
})();

const nextConfig: NextConfig = {
  // Native and worker-based server packages stay as plain Node requires.
  serverExternalPackages: ["better-sqlite3", "pino"],
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` over the whole repo (tests and scripts included) before the
  // build; checking again inside `next build` would only double the time on a 2-core machine.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    serverActions: { allowedOrigins: appHost ? [appHost] : [] },
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // JSON is never a document: if one is ever rendered as a page, it may load and run nothing.
      {
        source: "/api/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
