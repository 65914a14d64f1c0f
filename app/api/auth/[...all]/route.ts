import { getAuth } from "@/lib/auth/auth";
import { recordAddressThrottled, reserveSignInFailure, settleSignInAttempt } from "@/lib/auth/sign-in-throttle";
import { getDb } from "@/lib/db";
import { clientAddress } from "@/lib/net/client-address";

// better-auth's HTTP endpoints: sign-in, sign-out, session, change password. Closed: self-service
// sign-up (accounts come from /setup and from team admins) and the organization plugin's routes
// (team changes go through our audited, last-admin-guarded actions, which call it server-side).
const CLOSED = [/\/sign-up\//, /\/organization\//];

async function typedEmail(request: Request): Promise<string | null> {
  try {
    const body = (await request.clone().json()) as { email?: unknown };
    return typeof body.email === "string" ? body.email : null;
  } catch {
    return null; // unreadable JSON: better-auth refuses it before any password work
  }
}

function tooManyAttempts(retryAfterSeconds: number): Response {
  const seconds = String(retryAfterSeconds);
  return Response.json(
    { code: "TOO_MANY_ATTEMPTS", message: "Too many failed sign-ins for this account. Try again later." },
    { status: 429, headers: { "Retry-After": seconds, "X-Retry-After": seconds } },
  );
}

/**
 * A sign-in: the account's own throttle first (whatever the address: lib/auth/sign-in-throttle.ts),
 * then better-auth (its per-address limiter, then the password). The address is the one
 * scripts/server.mjs resolved, never what the client claimed.
 */
async function signIn(request: Request): Promise<Response> {
  // better-auth also takes form-encoded sign-ins; our form sends JSON. Anything else would pass
  // better-auth's limiter without meeting the per-account one: refuse it before any password work.
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? "")) {
    return Response.json(
      { code: "UNSUPPORTED_MEDIA_TYPE", message: "Send the sign-in as JSON." },
      { status: 415 },
    );
  }
  const email = await typedEmail(request);
  if (email === null) return getAuth().handler(request);
  const gate = await reserveSignInFailure(email);
  if (!gate.ok) return tooManyAttempts(gate.retryAfterSeconds);
  let failed = false;
  try {
    const response = await getAuth().handler(request);
    failed = response.status === 401;
    // The per-address limiter answers before better-auth's hooks run: counted here, per window.
    if (response.status === 429) await recordAddressThrottled(clientAddress(request.headers), email);
    return response;
  } finally {
    await settleSignInAttempt(email, failed);
  }
}

async function handle(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (CLOSED.some((pattern) => pattern.test(pathname))) {
    return Response.json({ error: { code: "NOT_FOUND", message: "Not found" } }, { status: 404 });
  }
  await getDb(); // its tables exist before the first request
  if (request.method === "POST" && pathname.endsWith("/sign-in/email")) return signIn(request);
  return getAuth().handler(request);
}

export const GET = handle;
export const POST = handle;
