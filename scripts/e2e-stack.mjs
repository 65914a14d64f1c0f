// The stack the Playwright suite runs against: a production build, the simulator with automatic
// SMS off (tests deliver codes themselves), a fresh database file, fast sync, short timeouts.
import fs from "node:fs";
import path from "node:path";
import { startStack } from "./stack.mjs";

const host = "127.0.0.1";
const appPort = Number(process.env.E2E_APP_PORT ?? 3210);
const simPort = Number(process.env.E2E_SIM_PORT ?? 3211);
// One data folder per app port, so runs on other ports (E2E_APP_PORT) never share a database.
const dataDir = process.env.E2E_APP_PORT ? `e2e-${appPort}` : "e2e";
const dbFile = path.resolve("data", dataDir, "sms-desk-e2e.db");
fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
fs.mkdirSync(path.dirname(dbFile), { recursive: true });
// Server output goes to a file the secret-leak test scans (E2E_VERBOSE=1 shows it instead).
const logFile = process.env.E2E_VERBOSE ? undefined : path.join(path.dirname(dbFile), "server.log");

const apiKey = process.env.E2E_API_KEY;
if (!apiKey) throw new Error("E2E_API_KEY must be set (playwright.config.ts sets it)");

await startStack({
  host,
  appPort,
  simPort,
  logFile,
  env: {
    NODE_ENV: "production",
    DATABASE_URL: `file:${dbFile}`,
    APP_URL: `http://${host}:${appPort}`,
    SMS_PROVIDER_URL: `http://${host}:${simPort}`,
    SMS_DESK_DEMO: "1",
    DEMO_API_KEY: apiKey,
    SMS_DESK_SECRET: "e2e-master-secret-that-is-long-enough-0123456789",
    // The suite signs in many times from one address; the brute-force limit has its own test.
    SIGN_IN_ATTEMPTS_PER_MINUTE: process.env.E2E_SIGN_IN_LIMIT ?? "100",
    SIM_KEYS: `${apiKey}:100`,
    SIM_AUTO_SMS: "0",
    SYNC_INTERVAL_MS: "500",
    BALANCE_INTERVAL_MS: "2000",
    PROVIDER_TIMEOUT_MS: "1500",
    LOG_LEVEL: "info",
  },
});
console.log(`e2e stack up: app http://${host}:${appPort}, simulator http://${host}:${simPort}`);
