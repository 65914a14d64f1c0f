import "server-only";
import type { BetterAuthOptions } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { organization } from "better-auth/plugins";
import { appendAudit } from "@/lib/audit/append";
import { env } from "@/lib/config/env";
import { derivedKey } from "@/lib/config/master-key";
import { dbHandle } from "@/lib/db/handle";
import { accessControl, teamRoles } from "./roles";

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
    database: { db: dbHandle(), type: "sqlite" },
    emailAndPassword: { enabled: true, minPasswordLength: 10, autoSignIn: false },
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
    },
    hooks: {
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
        const email = typeof ctx.body?.email === "string" ? ctx.body.email.slice(0, 200) : "?";
        await appendAudit(dbHandle(), {
          actor: email,
          action: "auth.sign_in_failed",
          outcome: "refused",
          result: String(returned.body?.code ?? returned.status),
        });
      }),
    },
    plugins: [
      organization({
        ac: accessControl,
        roles: teamRoles,
        creatorRole: "admin",
        // Teams are created by /setup and by admins through our own actions only.
        allowUserToCreateOrganization: false,
      }),
      nextCookies(),
    ],
  } satisfies BetterAuthOptions;
}
