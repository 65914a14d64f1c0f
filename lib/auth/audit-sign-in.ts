import "server-only";
import { appendAudit } from "@/lib/audit/append";
import { getDb } from "@/lib/db";

/**
 * A sign-in refused by the rate limiter (too many attempts) is a failed sign-in too. Only the
 * email is kept, never the password.
 */
export async function auditThrottledSignIn(request: Request): Promise<void> {
  let email = "?";
  try {
    const body = (await request.json()) as { email?: unknown };
    if (typeof body.email === "string") email = body.email.slice(0, 200);
  } catch {
    // Not JSON: the attempt is still recorded, without an email.
  }
  await appendAudit(await getDb(), {
    actor: email,
    action: "auth.sign_in_failed",
    outcome: "refused",
    result: "TOO_MANY_ATTEMPTS",
  });
}
