import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { NO_COOKIES, signIn } from "./roles";

// A fresh install (its own server and database, not the demo stack, where setup is done): a
// visitor from another machine must give the setup token that only the server's log shows; a
// browser on the server itself sets up without one. "Another machine" is a client behind a proxy
// the server trusts (TRUSTED_PROXIES=127.0.0.1), since tests may only talk to loopback.

const PORT = Number(process.env.E2E_SETUP_PORT ?? Number(process.env.E2E_APP_PORT ?? 3210) + 2);
const APP = `http://127.0.0.1:${PORT}`;
const DIR = path.resolve("data", `e2e-setup-${PORT}`);
const STRANGER = "203.0.113.7";
const ADMIN = { email: "first@fresh.test", password: "first-admin-password-1" };

function startFreshApp(onOutput: (text: string) => void): ChildProcess {
  // Nothing from the outer environment decides setup: no chosen token, no demo, no env key.
  const { SETUP_TOKEN: _t, SMS_API_KEY: _k, SMS_DESK_DEMO: _d, ...outer } = process.env;
  const app = spawn(
    process.execPath,
    ["scripts/server.mjs", "-H", "127.0.0.1", "-p", String(PORT)],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...outer,
        NODE_ENV: "production",
        PORT: String(PORT),
        APP_URL: APP,
        DATABASE_URL: `file:${path.join(DIR, "fresh.db")}`,
        SMS_DESK_SECRET: "setup-e2e-master-secret-0123456789abcdef",
        TRUSTED_PROXIES: "127.0.0.1",
        LOG_LEVEL: "warn",
      },
    },
  );
  app.stdout?.on("data", (chunk: Buffer) => onOutput(chunk.toString("utf8")));
  return app;
}

test("a fresh install asks a stranger for the setup token and lets the server's own browser set up", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  let log = "";
  const app = startFreshApp((text) => {
    log += text;
  });
  const stranger = await browser.newContext({
    storageState: NO_COOKIES,
    baseURL: APP,
    extraHTTPHeaders: { "x-forwarded-for": STRANGER },
  });
  const local = await browser.newContext({ storageState: NO_COOKIES, baseURL: APP });
  try {
    await expect(async () => {
      expect((await fetch(`${APP}/api/health`)).ok).toBe(true);
    }).toPass({ timeout: 60_000 });

    // The stranger sees the form, but it asks for the token, which only the log shows.
    const page = await stranger.newPage();
    await page.goto("/setup");
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    const tokenField = page.getByLabel("Setup token");
    await expect(tokenField).toBeVisible();
    await expect.poll(() => /enter this setup token: (\S+)/.exec(log)?.[1]).toBeTruthy();
    const token = /enter this setup token: (\S+)/.exec(log)?.[1] ?? "";
    expect(await page.content()).not.toContain(token);

    await page.getByLabel("Team name").fill("Intruders");
    await page.getByLabel("Your name").fill("Eve");
    await page.getByLabel("Email").fill("eve@evil.test");
    await page.getByLabel("Password (10+ characters)").fill("eve-password-123");
    await tokenField.fill(`${token.slice(0, -2)}xx`);
    await page.getByRole("button", { name: "Create admin and team" }).click();
    await expect(page.getByText("That setup token is not right")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Setup token")).toBeVisible();

    // The server's own browser: no token asked for, the policy's limits on the password field.
    const own = await local.newPage();
    await own.goto("/setup");
    await expect(own.locator("html[data-hydrated]")).toHaveCount(1);
    await expect(own.getByLabel("Team name")).toBeVisible();
    await expect(own.getByLabel("Setup token")).toHaveCount(0);
    const password = own.getByLabel("Password (10+ characters)");
    await expect(password).toHaveAttribute("minlength", "10");
    await expect(password).toHaveAttribute("maxlength", "128");
    await own.getByLabel("Team name").fill("Fresh team");
    await own.getByLabel("Your name").fill("First admin");
    await own.getByLabel("Email").fill(ADMIN.email);
    await password.fill(ADMIN.password);
    await own.getByRole("button", { name: "Create admin and team" }).click();
    await expect(own).toHaveURL(/\/sign-in$/);
    await signIn(own, ADMIN);

    // Done once: the stranger's page now says so, and the token opens nothing any more.
    await page.goto("/setup");
    await expect(page.getByText("SMS Desk is already set up.")).toBeVisible();
    await expect(page.getByLabel("Setup token")).toHaveCount(0);
    expect(log.split(token)).toHaveLength(2);
  } finally {
    await stranger.close();
    await local.close();
    app.kill("SIGTERM");
    await new Promise((resolve) =>
      app.exitCode !== null ? resolve(null) : app.once("exit", resolve),
    );
    fs.rmSync(DIR, { recursive: true, force: true });
  }
});
