import "server-only";
import { randomBytes } from "node:crypto";
import { getAuth } from "@/lib/auth/auth";
import { getDb } from "@/lib/db";

// Adding someone who has no account yet: there is no mail server, so the account is created
// here with a random one-time password that the admin sees once and passes on. The password
// lives only in this call's memory and, hashed by better-auth (scrypt), in its account table.

/** 18 random bytes as base64url: 24 characters, 144 bits, no padding or ambiguous symbols. */
export function oneTimePassword(): string {
  return randomBytes(18).toString("base64url");
}

export type NewAccount = { userId: string; password: string };

/**
 * Creates an email/password account with better-auth's own adapter and hasher. Not through
 * `api.signUpEmail`: with `autoSignIn: false` it answers a taken email with a made-up user (an id
 * that exists nowhere), and it refuses outright once public sign-up is disabled, which this app
 * should do since admins create accounts. Returns null when the email turns out to be taken
 * (created a moment ago by a concurrent request): the caller then adds that user instead.
 */
export async function createPasswordAccount(
  email: string,
  name: string,
): Promise<NewAccount | null> {
  const ctx = await getAuth().$context;
  const password = oneTimePassword();
  const hash = await ctx.password.hash(password);
  let userId: string;
  try {
    const user = await ctx.internalAdapter.createUser(
      { email, name, emailVerified: false },
      { method: "email-password" },
    );
    userId = user.id;
  } catch (error) {
    if (await ctx.internalAdapter.findUserByEmail(email)) return null;
    throw error;
  }
  try {
    await ctx.internalAdapter.linkAccount({
      userId,
      providerId: "credential",
      accountId: userId,
      password: hash,
    });
  } catch (error) {
    // A user without a credential could never sign in, and would block the email: undo it.
    await ctx.internalAdapter.deleteUser(userId).catch(() => undefined);
    throw error;
  }
  // Usable once: until its owner picks a password of their own, only /profile opens.
  await (await getDb())
    .insertInto("password_change_required")
    .values({ user_id: userId, since: Date.now() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { userId, password };
}
