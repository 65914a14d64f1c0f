import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";

/** An expiring Set-Cookie line, as better-auth's expireCookie writes it (`Max-Age=0`). */
const EXPIRES_NOW = /;\s*max-age=0(\s*;|\s*$)/i;

/**
 * A session read made on the server (pages, route handlers and server actions calling
 * `auth.api.getSession`) never expires the browser's session cookie.
 *
 * Why: a request sent with the old cookie just before a password change (which revokes every
 * other session and sets a new cookie) is read after the old session is gone. better-auth then
 * expires the session cookie, nextCookies copies that onto our response, and when it lands after
 * the change's own Set-Cookie the browser is signed out of its brand-new session. A cookie whose
 * session is gone is harmless: every guard treats it as signed out, and signing in replaces it.
 * Sign-out and the browser's own /api/auth calls (the "router" flag) are left as they are.
 *
 * Must come before nextCookies() in the plugin list: after-hooks run in plugin order.
 */
export function keepCookieOnServerReads(): BetterAuthPlugin {
  return {
    id: "keep-cookie-on-server-reads",
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === "/get-session",
          handler: createAuthMiddleware(async (ctx) => {
            if ("_flag" in ctx && ctx._flag === "router") return;
            const headers: unknown = ctx.context.responseHeaders;
            if (!(headers instanceof Headers)) return;
            const cookies = headers.getSetCookie();
            const kept = cookies.filter((line) => !EXPIRES_NOW.test(line));
            if (kept.length === cookies.length) return;
            headers.delete("set-cookie");
            for (const line of kept) headers.append("set-cookie", line);
          }),
        },
      ],
    },
  };
}
