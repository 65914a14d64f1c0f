import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import { queryDb } from "./db";

// The sign-in limits through the real production server (scripts/server.mjs), each phase on its
// own port and fresh database so the suite's stack keeps its limiter to itself: a client-sent
// X-Forwarded-For never picks the address the limiter counts; behind a trusted proxy the limit
// is per real client; and an account's failures are limited whatever the address.

const PORT = Number(process.env.E2E_LIMITS_PORT ?? Number(process.env.E2E_APP_PORT ?? 3210) + 2);
const APP = `http://127.0.0.1:${PORT}`;
const DIR = path.resolve("data", `e2e-limits-${PORT}`);
const OPERATOR = "operator@demo.local";

type Server = { child: ChildProcess; dbFile: string; api: APIRequestContext };

async function startServer(name: string, env: Record<string, string>): Promise<Server> {
  const dir = path.join(DIR, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, "limits.db");
  const log = fs.openSync(path.join(dir, "server.log"), "a");
  const child = spawn(process.execPath, ["scripts/server.mjs", "-H", "127.0.0.1", "-p", String(PORT)], {
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      NODE_ENV: "production",
      APP_URL: APP,
      DATABASE_URL: `file:${dbFile}`,
      // Demo mode for its accounts; a key the simulator does not know, so its sync stays idle.
      SMS_DESK_DEMO: "1",
      SMS_PROVIDER_URL: process.env.E2E_SIM_URL ?? "http://127.0.0.1:9",
      DEMO_API_KEY: `limits-${randomBytes(8).toString("hex")}`,
      SMS_DESK_SECRET: "limits-test-master-secret-0123456789abcdef",
      SIGN_IN_ATTEMPTS_PER_MINUTE: "5",
      SIGN_IN_FAILURES_PER_EMAIL: "10",
      LOG_LEVEL: "warn",
      ...env,
    },
  });
  await expect(async () => {
    const response = await fetch(`${APP}/api/health`);
    expect(response.ok).toBe(true);
  }).toPass({ timeout: 90_000 });
  const api = await playwrightRequest.newContext({ baseURL: APP, storageState: { cookies: [], origins: [] } });
  return { child, dbFile, api };
}

/** SIGTERM, and the server leaves on its own, cleanly. */
async function stopServer(server: Server | undefined) {
  if (!server) return;
  await server.api.dispose();
  if (server.child.exitCode !== null) return;
  const exited = new Promise<number | null>((resolve) => server.child.on("exit", (code) => resolve(code)));
  server.child.kill("SIGTERM");
  expect(await exited).toBe(0);
}

async function signIn(server: Server, email: string, password: string, forwardedFor: string) {
  const response = await server.api.post("/api/auth/sign-in/email", {
    headers: { origin: APP, "x-forwarded-for": forwardedFor },
    data: { email, password },
  });
  return response;
}

function authRows(server: Server) {
  return queryDb<{ actor: string; action: string; result: string; detail: string | null }>(
    "SELECT actor, action, result, detail FROM audit_log WHERE action LIKE 'auth.%' ORDER BY id",
    [],
    `file:${server.dbFile}`,
  );
}

test.describe.configure({ mode: "serial" });

test.describe("without TRUSTED_PROXIES", () => {
  let server: Server | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startServer("direct", {});
  });
  test.afterAll(async () => stopServer(server));

  test("30 guesses with 30 different X-Forwarded-For values: 429 after the limit, the socket address recorded", async () => {
    if (!server) throw new Error("no server");
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      // Different emails, so only the per-address limit can refuse them.
      const email = i === 0 ? OPERATOR : `guess-${i}@nowhere.test`;
      statuses.push((await signIn(server, email, `wrong-password-${i}`, `203.0.113.${i + 1}`)).status());
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(25).fill(429));

    const rows = await authRows(server);
    // The failure and the one throttle row name 127.0.0.1, never an address the client made up.
    expect(rows).toContainEqual(expect.objectContaining({ actor: OPERATOR, detail: "address 127.0.0.1" }));
    expect(rows.filter((r) => r.result === "TOO_MANY_ATTEMPTS")).toEqual([
      expect.objectContaining({ detail: expect.stringMatching(/^address 127\.0\.0\.1: throttled/) }),
    ]);
    expect(JSON.stringify(rows)).not.toContain("203.0.113.");
    // 30 attempts, a handful of rows: unknown emails are counted, the throttle recorded once.
    expect(rows.length).toBeLessThanOrEqual(3);
  });
});

test.describe("behind a trusted proxy (TRUSTED_PROXIES=loopback)", () => {
  let server: Server | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startServer("proxied", { TRUSTED_PROXIES: "loopback" });
  });
  test.afterAll(async () => stopServer(server));

  test("the limit is per real client, and a client cannot prepend its way out of it", async () => {
    if (!server) throw new Error("no server");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await signIn(server, `client-a-${i}@nowhere.test`, "wrong-password", "198.51.100.7")).status());
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // The proxy appended 198.51.100.7; whatever the client put before it does not count.
    expect((await signIn(server, "client-a-6@nowhere.test", "wrong-password", "6.6.6.6, 198.51.100.7")).status()).toBe(429);
    // Another real client behind the same proxy is not affected.
    expect((await signIn(server, "client-b@nowhere.test", "wrong-password", "198.51.100.8")).status()).toBe(401);
  });

  test("an account's failures are limited across addresses, the right password included", async () => {
    if (!server) throw new Error("no server");
    for (let i = 1; i <= 10; i++) {
      expect((await signIn(server, OPERATOR, `wrong-password-${i}`, `192.0.2.${i}`)).status()).toBe(401);
    }
    const refused = await signIn(server, OPERATOR, "wrong-password-11", "192.0.2.11");
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(60);
    expect((await signIn(server, OPERATOR, "demo-operator-pass", "192.0.2.12")).status()).toBe(429);

    const rows = (await authRows(server)).filter((r) => r.actor === OPERATOR);
    expect(rows.filter((r) => r.result === "INVALID_EMAIL_OR_PASSWORD").map((r) => r.detail)).toEqual(
      Array.from({ length: 10 }, (_, i) => `address 192.0.2.${i + 1}`),
    );
    expect(rows.filter((r) => r.result === "TOO_MANY_ATTEMPTS")).toHaveLength(1);
  });
});
