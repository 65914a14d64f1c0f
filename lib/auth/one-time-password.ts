import "server-only";
import { APIError } from "better-auth/api";
import { appendAudit } from "@/lib/audit/append";
import { env } from "@/lib/config/env";
import { dbHandle } from "@/lib/db/handle";
import { normalizeEmail } from "./email";

// One-time passwords (accounts an admin created, lib/teams/accounts.ts) are a handover, not a
// password: the admin who read it out still knows it. So it expires
// (ONE_TIME_PASSWORD_TTL_HOURS after it was issued) and it cannot be "changed" to itself.
// better-auth's before-hooks call these (lib/auth/options.ts); both throw an APIError, which
// better-auth answers with that status and code.

/** When a one-time password issued at `since` (ms) stops signing in. */
export function oneTimePasswordExpiresAt(since: number): number {
  return since + env().ONE_TIME_PASSWORD_TTL_HOURS * 60 * 60 * 1000;
}

/** The slice of better-auth's hook context these checks read (kept narrow for tests). */
type HookContext = {
  body?: unknown;
  context: {
    password: { verify(input: { hash: string; password: string }): Promise<boolean> };
    internalAdapter: {
      findAccounts(userId: string): Promise<{ providerId: string; password?: string | null }[]>;
    };
  };
};

function field(body: unknown, name: string): string | null {
  if (!body || typeof body !== "object") return null;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

/** /change-password: the new password must differ from the current one. */
export function refuseUnchangedPassword(ctx: HookContext): void {
  const current = field(ctx.body, "currentPassword");
  const next = field(ctx.body, "newPassword");
  if (current !== null && current === next) {
    throw new APIError("BAD_REQUEST", {
      code: "PASSWORD_UNCHANGED",
      message: "The new password must differ from the current one.",
    });
  }
}

/**
 * /sign-in/email: refuses an expired one-time password, but only when the password given IS
 * that one-time password. A wrong password goes on to fail the usual way, so a guesser never
 * learns that the account has an expired one; its owner learns to ask an admin for a new one.
 */
export async function refuseExpiredOneTimePassword(ctx: HookContext): Promise<void> {
  const typed = field(ctx.body, "email");
  const email = typed ? normalizeEmail(typed) : null;
  const password = field(ctx.body, "password");
  if (!email || !password) return;
  const db = dbHandle();
  const row = await db
    .selectFrom("user")
    .innerJoin("password_change_required", "password_change_required.user_id", "user.id")
    .select(["user.id", "password_change_required.since"])
    .where("user.email", "=", email)
    .executeTakeFirst();
  if (!row || Date.now() < oneTimePasswordExpiresAt(Number(row.since))) return;
  const accounts = await ctx.context.internalAdapter.findAccounts(row.id);
  const hash = accounts.find((a) => a.providerId === "credential")?.password;
  if (!hash || !(await ctx.context.password.verify({ hash, password }))) return;
  await appendAudit(db, {
    actor: email.slice(0, 200),
    actor_id: row.id,
    action: "auth.sign_in_failed",
    outcome: "refused",
    result: "ONE_TIME_PASSWORD_EXPIRED",
  });
  throw new APIError("FORBIDDEN", {
    code: "ONE_TIME_PASSWORD_EXPIRED",
    message: "This one-time password has expired. Ask your team's admin for a new one.",
  });
}
