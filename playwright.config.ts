import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { storageStateFor } from "./e2e/roles";

// Debian's Chromium by default (Playwright's own download is not reachable everywhere); set
// PLAYWRIGHT_CHROMIUM_PATH to use another, or to "" for Playwright's bundled browser.
const chromiumPath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ??
  (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3210);
const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 3211);
// A distinctive key, so the secret-leak test can search every response for it.
process.env.E2E_API_KEY ??= "E2E-SECRET-KEY-7f3a9c41d2";
process.env.E2E_SIM_URL = `http://127.0.0.1:${SIM_PORT}`;

// The "cluster" project (e2e/cluster/: two instances on PostgreSQL, started by its own fixtures)
// exists only when TEST_DATABASE_URL names a PostgreSQL server, as .ci/run sets it. Without one
// everything runs on SQLite, and the runner says once what was left out.
const clusterEnabled = /^postgres(ql)?:\/\//i.test(process.env.TEST_DATABASE_URL ?? "");
if (!clusterEnabled && !process.env.TEST_WORKER_INDEX) {
  console.log(
    "PostgreSQL suites not run (TEST_DATABASE_URL is not a postgres:// URL): `npm run test:postgres` runs them on a throwaway PostgreSQL.",
  );
}
/** `--project=cluster` alone needs none of the SQLite stack, so it is not started. */
const onlyCluster = selectedProjects().length > 0 && selectedProjects().every((name) => name === "cluster");

function selectedProjects(): string[] {
  const args = process.argv;
  return args.flatMap((arg, i) =>
    arg.startsWith("--project=") ? [arg.slice("--project=".length)] : arg === "--project" ? [args[i + 1] ?? ""] : [],
  );
}

export default defineConfig({
  testDir: "e2e",
  // The suite shares one simulator (and its clock): run the tests one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: "retain-on-failure",
    locale: "en-US",
    launchOptions: {
      executablePath: chromiumPath || undefined,
      args: [
        ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-gpu",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: /[\\/]cluster[\\/]/,
      // Operators are the everyday users: tests run as one unless they say otherwise.
      use: { ...devices["Desktop Chrome"], storageState: storageStateFor("operator") },
    },
    ...(clusterEnabled
      ? [{ name: "cluster", testDir: "e2e/cluster", use: { ...devices["Desktop Chrome"] } }]
      : []),
  ],
  webServer: onlyCluster ? undefined : {
    command: "node scripts/e2e-stack.mjs",
    url: `http://127.0.0.1:${APP_PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
