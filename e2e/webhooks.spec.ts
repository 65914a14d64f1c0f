import { queryDb } from "./db";
import { API_KEY, expect, test } from "./fixtures";
import { storageStateFor } from "./roles";
import { pushPayload, simPollLag, simWebhook, simWebhookAttempts, webhookUrlOf } from "./webhooks-helpers";

// Codes pushed by webhook (lib/webhooks/): the simulator pushes to the demo key's Webhook URL as
// read on /keys; the simulator's poll lag keeps the code out of its getStatus and lists for
// 30 s, so sync learns it 30 s late and a code in the table within 1 s can only have been pushed.

let url: string;

test.beforeEach(async ({ browser }) => {
  url = await webhookUrlOf(browser);
});
test.afterEach(async () => {
  await simWebhook(API_KEY, null);
  await simPollLag(API_KEY, 0);
});

/** Everything a push may write for the activation. */
async function written(id: string) {
  const [row] = await queryDb<{ codes: string; state: string; updated_at: number }>(
    "SELECT codes, state, updated_at FROM activations WHERE id = ?",
    [id],
  );
  const audit = await queryDb("SELECT actor, action, result FROM audit_log WHERE activation_id = ? AND actor = 'webhook'", [id]);
  const deliveries = await queryDb("SELECT received_at FROM webhook_deliveries WHERE activation_id = ?", [id]);
  return { row, audit, deliveries };
}

/** A POST as a provider sends it: no cookie, no origin. */
const push = (to: string, body: string) =>
  fetch(to, { method: "POST", headers: { "content-type": "application/json" }, body });

test("a pushed code shows in an open table within 1 s while sync would see it 30 s later", async ({ sim, activations }) => {
  await simPollLag(API_KEY, 30_000);
  await simWebhook(API_KEY, url);
  const { id } = await sim.createActivation();
  await activations.goto();
  await expect(activations.status(id)).toBeVisible();

  const sentAt = Date.now();
  await sim.deliverSms(id, "918273");
  await expect(activations.codes(id)).toContainText("918273", { timeout: 1_000 });
  const elapsed = Date.now() - sentAt;
  console.log(`webhook push → code in the open table: ${elapsed} ms`);
  expect(elapsed).toBeLessThanOrEqual(1_000);

  // Pushed once, accepted at once; the provider's own status still hides it (the poll lag).
  expect((await simWebhookAttempts()).filter((a) => a.activationId === id)).toMatchObject([{ attempt: 1, status: 200 }]);
  expect((await written(id)).audit).toEqual([{ actor: "webhook", action: "webhook.code", result: "CODE_RECEIVED" }]);
  const status = await fetch(`${sim.baseUrl}/stubs/handler_api.php?api_key=${API_KEY}&action=getStatus&id=${id}`);
  expect(await status.text()).toBe("STATUS_WAIT_CODE");
});

test("a duplicated push changes nothing", async ({ sim, activations }) => {
  const { id } = await sim.createActivation();
  await activations.goto();
  await expect(activations.status(id)).toBeVisible();
  const first = await push(url, pushPayload(id, "424242"));
  expect([first.status, await first.text()]).toEqual([200, "ok"]);
  await expect(activations.codes(id)).toContainText("424242");
  const after = await written(id);
  expect(after.audit).toHaveLength(1);

  for (let i = 0; i < 2; i++) {
    const again = await push(url, pushPayload(id, "424242"));
    expect([again.status, await again.text()]).toEqual([200, "duplicate"]);
  }
  expect(await written(id)).toEqual(after);
  expect(JSON.parse(after.row?.codes ?? "[]")).toHaveLength(1);
});

test("a wrong token is refused and changes nothing; Rotate retires the old URL", async ({ sim, browser }) => {
  const { id } = await sim.createActivation();
  await expect.poll(async () => (await written(id)).row?.state).toBe("waiting");
  const before = await written(id);

  const secret = url.slice(url.lastIndexOf(".") + 1);
  const wrong = url.replace(secret, `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`);
  for (const to of [wrong, url.replace(/[^/]+$/, "not-a-token")]) {
    const refused = await push(to, pushPayload(id, "13579"));
    expect(refused.status).toBe(404);
  }
  expect(await written(id)).toEqual(before);

  // An admin rotates the URL on /keys: the old one is refused from then on, the new one works.
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const page = await admin.newPage();
  await page.goto("/keys");
  const card = page.getByTestId("webhook-Simulator");
  await card.getByRole("button", { name: "Rotate" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rotate the webhook URL" }).click();
  const field = card.getByLabel("Webhook URL", { exact: true });
  await expect(field).not.toHaveValue(url);
  const rotated = await field.inputValue();
  await admin.close();
  expect((await push(url, pushPayload(id, "13579"))).status).toBe(404);
  expect(await written(id)).toEqual(before);
  expect((await push(rotated, pushPayload(id, "13579"))).status).toBe(200);
  const audit = await queryDb("SELECT actor FROM audit_log WHERE action = 'key.webhook_rotate'");
  expect(audit.length).toBeGreaterThan(0);
});

test("the allow-list judges the address our server saw, never a client-sent X-Forwarded-For", async ({ sim, browser }) => {
  const { id } = await sim.createActivation();
  await expect.poll(async () => (await written(id)).row?.state).toBe("waiting");
  const before = await written(id);
  const pushFrom = (forwardedFor: string | null, code: string) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
      body: pushPayload(id, code),
    });

  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const page = await admin.newPage();
  await page.goto("/keys");
  const card = page.getByTestId("webhook-Simulator");
  const saved = async () =>
    (
      await queryDb<{ s: string | null }>(
        "SELECT w.allowed_sources AS s FROM key_webhooks w JOIN provider_keys k ON k.id = w.key_id WHERE k.name = 'Simulator' AND k.deleted_at IS NULL",
      )
    ).map((r) => r.s ?? "");
  const allow = async (sources: string) => {
    await card.getByLabel("Allowed sources").fill(sources);
    await card.getByRole("button", { name: "Save" }).click();
    await expect.poll(saved).toEqual([sources]);
  };
  try {
    // The test reaches the app from 127.0.0.1 and claims to be the listed address: refused.
    await allow("203.0.113.7");
    expect((await pushFrom("203.0.113.7", "24680")).status).toBe(403);
    expect((await pushFrom(null, "24680")).status).toBe(403);
    // Even claiming the listed loopback: a forwarded request from a peer not in TRUSTED_PROXIES is refused.
    await allow("127.0.0.1");
    expect((await pushFrom("127.0.0.1", "24680")).status).toBe(403);
    expect(await written(id)).toEqual(before);
    // The address the server saw itself, listed: accepted.
    expect((await pushFrom(null, "24680")).status).toBe(200);
  } finally {
    await allow("");
    await admin.close();
  }
});
