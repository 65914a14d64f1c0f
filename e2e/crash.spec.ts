import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { queryDb } from "./db";
import { expect, test } from "./fixtures";
import { ActivationsPage } from "./pages/activations-page";
import { ADMIN, NO_COOKIES, signIn } from "./roles";

// Crash safety: the real production server (`npm start`) is killed with SIGKILL while a Finish is at the provider.
// The intent was already recorded (nothing is lost), and after a restart the server asks the
// provider what really happened and records it, with no second setStatus.

const PORT = Number(process.env.E2E_CRASH_PORT ?? 3230);
const APP = `http://127.0.0.1:${PORT}`;
const DIR = path.resolve("data", "e2e-crash");
const DB_FILE = path.join(DIR, "crash.db");

function startApp(apiKey: string): ChildProcess {
  return spawn(process.execPath, [path.resolve("scripts", "server.mjs"), "-H", "127.0.0.1", "-p", String(PORT)], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      APP_URL: APP,
      DATABASE_URL: `file:${DB_FILE}`,
      SMS_PROVIDER_URL: process.env.E2E_SIM_URL,
      SMS_DESK_DEMO: "1",
      DEMO_API_KEY: apiKey,
      SMS_DESK_SECRET: "crash-test-master-secret-0123456789abcdef",
      SIGN_IN_ATTEMPTS_PER_MINUTE: "100",
      SYNC_INTERVAL_MS: "500",
      LOG_LEVEL: "warn",
    },
  });
}

async function waitUp() {
  await expect(async () => {
    const response = await fetch(`${APP}/api/health`);
    expect(response.ok).toBe(true);
  }).toPass({ timeout: 60_000 });
}

async function row(id: string) {
  const url = `file:${DB_FILE}`;
  const [activation] = await queryDb<{ state: string; pending_action: string | null }>(
    "SELECT state, pending_action FROM activations WHERE id = ?",
    [id],
    url,
  );
  const audit = await queryDb<{ action: string; outcome: string }>(
    "SELECT action, outcome FROM audit_log WHERE activation_id = ? ORDER BY id",
    [id],
    url,
  );
  return { activation, audit };
}

test("SIGKILL during a Finish loses no event, and the restarted app reconciles the true state", async ({ sim, browser }) => {
  test.setTimeout(180_000);
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  const apiKey = `CRASH-KEY-${Date.now()}`;
  await sim.addKey(apiKey, 20);
  let app = startApp(apiKey);
  try {
    await waitUp();
    const { id } = await sim.createActivationWithKey(apiKey);
    await sim.deliverSms(id, "777000");

    const context = await browser.newContext({ storageState: NO_COOKIES, baseURL: APP });
    const page = await context.newPage();
    await signIn(page, ADMIN);
    const activations = new ActivationsPage(page);
    await activations.goto();
    await expect(activations.codes(id)).toContainText("777000");

    // The provider applies the finish at once but answers only after 4 s: the app dies first.
    await sim.fault({ action: "setStatus", kind: "slow", delayMs: 4000 });
    await activations.button(id, "Finish").click();
    await expect.poll(async () => (await sim.requests({ action: "setStatus", id })).length).toBe(1);
    app.kill("SIGKILL");
    await new Promise((resolve) => app.once("exit", resolve));
    await context.close();

    const afterCrash = await row(id);
    expect(afterCrash.activation?.pending_action).toBe("finish");
    expect(afterCrash.audit).toContainEqual({ action: "setStatus", outcome: "sent" });

    app = startApp(apiKey);
    await waitUp();
    await expect.poll(async () => (await row(id)).activation?.state, { timeout: 30_000 }).toBe("finished");
    const recovered = await row(id);
    expect(recovered.activation?.pending_action).toBeNull();
    expect(recovered.audit).toContainEqual({ action: "getStatus", outcome: "ok" });
    expect(await sim.requests({ action: "setStatus", id })).toHaveLength(1);
    expect((await sim.activation(id)).state).toBe("finished");
  } finally {
    app.kill("SIGKILL");
  }
});
