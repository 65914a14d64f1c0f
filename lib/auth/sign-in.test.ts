import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshTestDatabase } from "@/lib/testing/test-database";

// Sign-in through better-auth's real HTTP handler: passwords are checked against the stored
// hash, failures are audited without the password, and brute force is throttled per address.

let database: { remove: () => void };
let auth: typeof import("./auth");
let db: typeof import("@/lib/db");
const APP = "http://127.0.0.1:3999";

beforeAll(async () => {
  database = await useFreshTestDatabase("auth");
  process.env.APP_URL = APP;
  process.env.SIGN_IN_ATTEMPTS_PER_MINUTE = "5";
  auth = await import("./auth");
  db = await import("@/lib/db");
  await db.getDb();
  await auth.getAuth().api.signUpEmail({ body: { email: "ana@acme.test", password: "right-password-1", name: "Ana" } });
});

afterAll(() => database.remove());

function signIn(password: string, ip: string) {
  return auth.getAuth().handler(
    new Request(`${APP}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP, "x-forwarded-for": ip },
      body: JSON.stringify({ email: "ana@acme.test", password }),
    }),
  );
}

describe("one-time passwords", () => {
  it("must be replaced: the account is flagged until its owner changes the password", async () => {
    const { createPasswordAccount } = await import("@/lib/teams/accounts");
    const account = await createPasswordAccount("otp@acme.test", "Otto");
    if (!account) throw new Error("account not created");
    const flagged = async () =>
      (await (await db.getDb()).selectFrom("password_change_required").select("user_id").where("user_id", "=", account.userId).execute()).length;
    expect(await flagged()).toBe(1);

    const signedIn = await auth.getAuth().handler(
      new Request(`${APP}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: APP, "x-forwarded-for": "10.0.0.9" },
        body: JSON.stringify({ email: "otp@acme.test", password: account.password }),
      }),
    );
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

    const changed = await auth.getAuth().handler(
      new Request(`${APP}/api/auth/change-password`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: APP, cookie, "x-forwarded-for": "10.0.0.9" },
        body: JSON.stringify({ currentPassword: account.password, newPassword: "my-own-password-1", revokeOtherSessions: true }),
      }),
    );
    expect(changed.status).toBe(200);
    expect(await flagged()).toBe(0);
  });
});

describe("sign-in", () => {
  it("accepts the right password and sets an httpOnly session cookie", async () => {
    const response = await signIn("right-password-1", "10.0.0.1");
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/session_token=.*HttpOnly/i);
  });

  it("refuses a wrong password and audits it without the password", async () => {
    const response = await signIn("wrong-password-1", "10.0.0.2");
    expect(response.status).toBe(401);
    const rows = await (await db.getDb()).selectFrom("audit_log").selectAll().where("action", "=", "auth.sign_in_failed").execute();
    expect(rows).toContainEqual(expect.objectContaining({ actor: "ana@acme.test", outcome: "refused" }));
    expect(JSON.stringify(rows)).not.toContain("wrong-password-1");
  });

  it("throttles the sixth attempt within a minute from one address, not from others, and audits it", async () => {
    // Through the app's route (app/api/auth/[...all]), which audits what the limiter refuses.
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const attempt = (password: string, ip: string) =>
      POST(
        new Request(`${APP}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: APP, "x-forwarded-for": ip },
          body: JSON.stringify({ email: "ana@acme.test", password }),
        }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(`guess-${i}-password`, "10.0.0.3")).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    expect((await attempt("right-password-1", "10.0.0.4")).status).toBe(200);
    const throttled = await (await db.getDb())
      .selectFrom("audit_log")
      .selectAll()
      .where("result", "=", "TOO_MANY_ATTEMPTS")
      .execute();
    expect(throttled).toEqual([expect.objectContaining({ actor: "ana@acme.test", action: "auth.sign_in_failed" })]);
    expect(JSON.stringify(throttled)).not.toContain("guess-5-password");
  });
});

describe("the address the limiter counts", () => {
  it("is X-Forwarded-For only (what scripts/server.mjs sets): other address headers change nothing", async () => {
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await POST(
        new Request(`${APP}/api/auth/sign-in/email`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: APP,
            "x-forwarded-for": "10.0.0.5",
            "x-real-ip": `203.0.113.${i}`,
            "cf-connecting-ip": `203.0.113.${i}`,
            "true-client-ip": `203.0.113.${i}`,
          },
          // A different email each time: only the per-address limit is in play.
          body: JSON.stringify({ email: `nobody-${i}@acme.test`, password: "wrong-password-1" }),
        }),
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe("a session read on the server", () => {
  it("leaves the cookie of a revoked session alone; the browser's own get-session still expires it", async () => {
    // The race it closes: a poll sent with the old cookie, read after a password change revoked
    // that session, used to expire the browser's brand-new cookie (lib/auth/keep-cookie-on-server-reads.ts).
    const signedIn = await signIn("right-password-1", "10.0.0.30");
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const signedOut = await auth.getAuth().handler(
      new Request(`${APP}/api/auth/sign-out`, { method: "POST", headers: { origin: APP, cookie } }),
    );
    expect(signedOut.status).toBe(200);

    const read = await auth.getAuth().api.getSession({ headers: new Headers({ cookie }), returnHeaders: true });
    expect(read.response).toBeNull();
    expect(read.headers?.getSetCookie() ?? []).toEqual([]);

    const fromBrowser = await auth.getAuth().handler(
      new Request(`${APP}/api/auth/get-session`, { headers: { origin: APP, cookie } }),
    );
    expect(fromBrowser.headers.getSetCookie().join("\n")).toMatch(/session_token=;.*Max-Age=0/i);
  });
});
