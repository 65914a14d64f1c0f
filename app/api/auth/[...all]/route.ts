import { auditThrottledSignIn } from "@/lib/auth/audit-sign-in";
import { getAuth } from "@/lib/auth/auth";
import { getDb } from "@/lib/db";

// better-auth's HTTP endpoints: sign-in, sign-out, session, change password. Closed: self-service
// sign-up (accounts come from /setup and from team admins) and the organization plugin's routes
// (team changes go through our audited, last-admin-guarded actions, which call it server-side).
const CLOSED = [/\/sign-up\//, /\/organization\//];

async function handle(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (CLOSED.some((pattern) => pattern.test(pathname))) {
    return Response.json({ error: { code: "NOT_FOUND", message: "Not found" } }, { status: 404 });
  }
  await getDb(); // its tables exist before the first request
  const copy = pathname.endsWith("/sign-in/email") ? request.clone() : null;
  const response = await getAuth().handler(request);
  // The rate limiter answers before better-auth's hooks run: audit those refusals here.
  if (copy && response.status === 429) await auditThrottledSignIn(copy);
  return response;
}

export const GET = handle;
export const POST = handle;
