// Webhook helpers for e2e/webhooks.spec.ts and the bad-input table: the key's Webhook URL as an
// admin reads it on /keys, and the simulator's webhook controls (lib/simulator/README.md).
import { type Browser, expect } from "@playwright/test";
import { storageStateFor } from "./roles";

const SIM_URL = process.env.E2E_SIM_URL ?? "http://127.0.0.1:3211";

/** The Webhook URL shown on /keys for a key (the demo key "Simulator" unless told). */
export async function webhookUrlOf(browser: Browser, keyName = "Simulator"): Promise<string> {
  const context = await browser.newContext({ storageState: storageStateFor("admin") });
  try {
    const page = await context.newPage();
    await page.goto("/keys");
    const field = page.getByTestId(`webhook-${keyName}`).getByLabel("Webhook URL", { exact: true });
    await expect(field).toHaveValue(/\/api\/webhooks\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    return await field.inputValue();
  } finally {
    await context.close();
  }
}

async function simControl(path: string, body: unknown) {
  const response = await fetch(`${SIM_URL}/__sim/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.ok, `${path} -> ${response.status}`).toBe(true);
}

/** Makes the simulator push this key's SMS to `url` (null: stop), retrying every `retryMs`. */
export function simWebhook(key: string, url: string | null, retryMs = { min: 200, max: 300 }) {
  return simControl("webhook", { key, url, retryMs });
}

/** Hides the key's SMS from the simulator's getStatus and lists for `ms` (sync sees them that late). */
export function simPollLag(key: string, ms: number) {
  return simControl("poll-lag", { key, ms });
}

export async function simWebhookAttempts(): Promise<{ activationId: string; attempt: number; status: number }[]> {
  return ((await (await fetch(`${SIM_URL}/__sim/webhook`)).json()) as { attempts: { activationId: string; attempt: number; status: number }[] }).attempts;
}

/** The provider's activation payload for a push. */
export function pushPayload(activationId: string, code: string, receivedAt = "2026-01-01 12:00:00") {
  return JSON.stringify({ activationId: Number(activationId), service: "tg", text: `Your code: ${code}`, code, country: 73, receivedAt });
}
