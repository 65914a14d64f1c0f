import "server-only";
import type { BetterAuthOptions } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { organization } from "better-auth/plugins";
import { env } from "@/lib/config/env";
import { derivedKey } from "@/lib/config/master-key";
import { engineOf } from "@/lib/db/engine";
import { dbHandle } from "@/lib/db/handle";
import { clientAddress } from "@/lib/net/client-address";
import { INVITATION_TTL_SECONDS } from "@/lib/teams/invitation-ttl";
import { keepCookieOnServerReads } from "./keep-cookie-on-server-reads";
import { refuseExpiredOneTimePassword, refuseUnchangedPassword } from "./one-time-password";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-policy";
import { accessControl, teamRoles } from "./roles";
import { auditSignInFailure } from "./sign-in-throttle";

// better-auth does accounts, password hashing (scrypt), sessions in our database, sign-in rate
// limiting and teams (its organization plugin). Built lazily: reading the master key and opening
// the database must not happen while `next build` imports modules.

export function authOptions() {
  const e = env();
  return {
    appName: "SMS Desk",
    baseURL: e.APP_URL,
    secret: derivedKey("auth").toString("base64"),
    trustedOrigins: [e.APP_URL],
    // better-auth builds its tables with the engine's own types (timestamptz dates on PostgreSQL).
    database: { db: dbHandle(), type: engineOf(dbHandle()) },
    // The one password policy (lib/auth/password-policy.ts): every form uses the same numbers.
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      autoSignIn: false,
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: e.SIGN_IN_ATTEMPTS_PER_MINUTE },
        "/change-password": { window: 60, max: 10 },
      },
    },
    advanced: {
      // Only on https: the demo and tests run on http://127.0.0.1.
      useSecureCookies: e.APP_URL.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      // The one address header our server (scripts/server.mjs) overwrites from the socket and
      // TRUSTED_PROXIES: nothing a client sends reaches the limiter (lib/net/client-address.ts).
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // One-time passwords: never "changed" to themselves, and refused once expired.
        if (ctx.path === "/change-password") refuseUnchangedPassword(ctx);
        if (ctx.path === "/sign-in/email") await refuseExpiredOneTimePassword(ctx);
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/change-password") {
          // A password of their own: a one-time password's "change it first" no longer applies.
          const userId = ctx.context.newSession?.user.id ?? ctx.context.session?.user.id;
          if (userId && !(ctx.context.returned instanceof APIError)) {
            await dbHandle().deleteFrom("password_change_required").where("user_id", "=", userId).execute();
          }
          return;
        }
        if (ctx.path !== "/sign-in/email") return;
        const returned = ctx.context.returned;
        if (!(returned instanceof APIError)) return;
        // One row per failure on an existing account; anything else counted (sign-in-throttle.ts).
        const email = typeof ctx.body?.email === "string" ? ctx.body.email : "";
        const address = ctx.headers ? clientAddress(ctx.headers) : null;
        await auditSignInFailure(dbHandle(), email, String(returned.body?.code ?? returned.status), address);
      }),
    },
    plugins: [
      organization({
        ac: accessControl,
        roles: teamRoles,
        creatorRole: "admin",
        // Teams are created by /setup and by admins through our own actions only.
        allowUserToCreateOrganization: false,
        // Its HTTP routes are closed; lib/teams/invitations.ts writes its invitation table.
        invitationExpiresIn: INVITATION_TTL_SECONDS,
      }),
      keepCookieOnServerReads(),
      // Last: it writes the cookies the calls above set (https://www.better-auth.com/docs/integrations/next).
      nextCookies(),
    ],
  } satisfies BetterAuthOptions;
}
