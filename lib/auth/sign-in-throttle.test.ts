import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/lib/testing/test-database";

// Through the app's sign-in route (app/api/auth/[...all]): X-Forwarded-For here stands for the
// address scripts/server.mjs resolved (client-address.test.mjs and e2e/sign-in-limits.spec.ts
// prove a client cannot choose it). Per-account throttle across addresses, and a flood of
// failed sign-ins that leaves a bounded number of audit rows.

let dir: string;
let db: typeof import("@/lib/db");
let route: typeof import("@/app/api/auth/[...all]/route");
let throttle: typeof import("./sign-in-throttle");
const APP = "http://127.0.0.1:3998";
const LIMIT = 10;

beforeAll(async () => {
  // tmpfs when there is one: thousands of small commits, each fsynced (synchronous=FULL).
  dir = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "sms-desk-throttle-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, "throttle.db");
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.APP_URL = APP;
  process.env.SIGN_IN_ATTEMPTS_PER_MINUTE = "5";
  process.env.SIGN_IN_FAILURES_PER_EMAIL = String(LIMIT);
  process.env.LOG_LEVEL = "silent";
  const auth = await import("./auth");
  db = await import("@/lib/db");
  route = await import("@/app/api/auth/[...all]/route");
  throttle = await import("./sign-in-throttle");
  await db.getDb();
  for (const email of ["ana@acme.test", "bob@acme.test", "cy@acme.test"]) {
    await auth.getAuth().api.signUpEmail({ body: { email, password: "right-password-1", name: email } });
  }
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function signIn(email: string, password: string, address: string) {
  return route.POST(
    new Request(`${APP}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP, "x-forwarded-for": address },
      body: JSON.stringify({ email, password }),
    }),
  );
}

async function auditRows() {
  return (await db.getDb())
    .selectFrom("audit_log")
    .select(["actor", "action", "result", "detail"])
    .where("action", "like", "auth.%")
    .orderBy("id")
    .execute();
}

/** Runs `count` attempts, `batch` at a time concurrently; returns how many got each status. */
async function flood(count: number, batch: number, attempt: (i: number) => Promise<Response>) {
  const statuses = new Map<number, number>();
  for (let i = 0; i < count; i += batch) {
    const responses = await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, (_, j) => attempt(i + j)),
    );
    for (const r of responses) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  }
  return statuses;
}

const rotating = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

describe("the per-account throttle", () => {
  it("holds across addresses: 30 guesses from 30 addresses get 10 tries, then 429 with Retry-After", async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 30; i++) {
      last = await signIn("ana@acme.test", `wrong-password-${i}`, `198.51.100.${i + 1}`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses.slice(LIMIT)).toEqual(Array(30 - LIMIT).fill(429));
    const retryAfter = Number(last?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Case does not make another account, and the right password waits for the window too.
    expect((await signIn("ANA@acme.test", "wrong-password-x", "198.51.100.200")).status).toBe(429);
    expect((await signIn("ana@acme.test", "right-password-1", "198.51.100.201")).status).toBe(429);
    // Another account is not affected.
    expect((await signIn("cy@acme.test", "right-password-1", "198.51.100.202")).status).toBe(200);
  }, 60_000);

  it("lets no more than the limit reach the password check when the guesses arrive at once", async () => {
    const statuses = await flood(40, 40, (i) => signIn("bob@acme.test", `guess-${i}-password`, `192.0.2.${i + 1}`));
    expect(statuses.get(401)).toBe(LIMIT);
    expect(statuses.get(429)).toBe(40 - LIMIT);
  }, 60_000);

  it("records the throttle once per window, then a summary with the count when it closes", async () => {
    const rows = (await auditRows()).filter((r) => r.actor === "ana@acme.test");
    expect(rows.filter((r) => r.result === "INVALID_EMAIL_OR_PASSWORD")).toHaveLength(LIMIT);
    expect(rows.filter((r) => r.result === "TOO_MANY_ATTEMPTS")).toEqual([
      expect.objectContaining({ action: "auth.sign_in_failed", detail: expect.stringMatching(/^account: 10 failures/) }),
    ]);
    // Failed attempts carry the (resolved) address; never the password.
    expect(rows[0]?.detail).toBe("address 198.51.100.1");
    expect(JSON.stringify(rows)).not.toContain("wrong-password");

    await throttle.closeExpiredWindows(Date.now() + throttle.WINDOW_MS + 1000);
    const summary = (await auditRows()).filter((r) => r.action === "auth.sign_in_throttled" && r.actor === "ana@acme.test");
    expect(summary).toEqual([expect.objectContaining({ detail: expect.stringMatching(/^account: 22 attempts refused until /) })]);
    // A new window: the account signs in again.
    expect((await signIn("ana@acme.test", "right-password-1", "198.51.100.203")).status).toBe(200);
  }, 60_000);
});

describe("what cannot get around the per-account throttle", () => {
  it("a form-encoded sign-in (which better-auth would accept) is refused before any password check", async () => {
    const before = (await auditRows()).length;
    const response = await route.POST(
      new Request(`${APP}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "192.0.2.61" },
        body: "email=cy%40acme.test&password=right-password-1",
      }),
    );
    expect(response.status).toBe(415);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect((await auditRows()).length).toBe(before);
  });

  it("an IPv6 host rotating through its /64 is one client: one throttle row, one audit row", async () => {
    const before = (await auditRows()).length;
    for (let i = 1; i <= 20; i++) {
      await throttle.recordAddressThrottled(`2001:db8:1:2::${i.toString(16)}`, "nobody@acme.test");
    }
    const added = (await auditRows()).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]?.detail).toContain("2001:db8:1:2::/64");
  });
});

describe("a flood of failed sign-ins", () => {
  it("10,000 attempts from rotating addresses add a few dozen audit rows, most refused before any hashing", async () => {
    await throttle.closeExpiredWindows(Date.now() + throttle.WINDOW_MS + 1000);
    const before = (await auditRows()).length;
    const started = performance.now();
    // 9,000 guesses at one account, each from a new address: the account throttle stops them.
    const account = await flood(9000, 200, (i) => signIn("cy@acme.test", `guess-${i}-password`, rotating(i)));
    // 900 from two addresses, each with a new made-up email: the per-address limiter stops them.
    const addresses = await flood(900, 100, (i) => signIn(`nobody-${i}@x.test`, "guess-password", `203.0.113.${i % 2}`));
    // 100 guesses at one email that has no account, from rotating addresses.
    const unknown = await flood(100, 50, (i) => signIn("ghost@acme.test", `guess-${i}-password`, rotating(50_000 + i)));
    const seconds = (performance.now() - started) / 1000;

    // Only 10 + 2 x 5 + 10 attempts ever reached better-auth's password hashing.
    expect(account.get(401)).toBe(LIMIT);
    expect(addresses.get(401)).toBe(10);
    expect(unknown.get(401)).toBe(LIMIT);
    expect((account.get(429) ?? 0) + (addresses.get(429) ?? 0) + (unknown.get(429) ?? 0)).toBe(10_000 - 30);

    const added = (await auditRows()).slice(before);
    // cy: 10 failures + 1 throttled; one row per throttled address; one for all unknown emails.
    expect(added.filter((r) => r.actor === "cy@acme.test")).toHaveLength(LIMIT + 1);
    expect(added.filter((r) => r.detail?.startsWith("address 203.0.113."))).toHaveLength(2);
    expect(added.filter((r) => r.action === "auth.sign_in_unknown")).toHaveLength(1);
    expect(added.length).toBe(LIMIT + 1 + 2 + 1);

    // When the windows close: one summary each, with the counts.
    await throttle.closeExpiredWindows(Date.now() + throttle.WINDOW_MS + 1000);
    const closed = (await auditRows()).slice(before + added.length);
    expect(closed.map((r) => r.action).sort()).toEqual([
      "auth.sign_in_throttled",
      "auth.sign_in_throttled",
      "auth.sign_in_throttled",
      "auth.sign_in_unknown",
    ]);
    expect(closed).toContainEqual(expect.objectContaining({ actor: "cy@acme.test", detail: expect.stringMatching(/^account: 8990 attempts/) }));
    expect(closed).toContainEqual(
      expect.objectContaining({ action: "auth.sign_in_unknown", detail: expect.stringMatching(/^20 failed, 90 refused/) }),
    );
    expect(added.length + closed.length).toBeLessThanOrEqual(36);
    // Counters are cleared with their windows.
    expect(await (await db.getDb()).selectFrom("sign_in_throttle").select("key").execute()).toEqual([]);
    console.info(`10,000 failed sign-ins in ${seconds.toFixed(1)} s`);
  }, 300_000);
});
