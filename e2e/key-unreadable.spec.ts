import { randomBytes } from "node:crypto";
import { queryDb } from "./db";
import { expect, test } from "./fixtures";
import { ActivationsPage } from "./pages/activations-page";
import { storageStateFor } from "./roles";

// A key whose stored secret the server can no longer decrypt (SMS_DESK_SECRET changed, a
// database restored beside another master.key): admins see that it needs its secret again, its
// buttons say so, and the demo key beside it keeps working. Only a key made here is damaged, and
// it is deleted at the end, so later specs find the database as before.

test.use({ storageState: storageStateFor("admin") });

const NAME = "Unreadable key";
const NEEDS_SECRET = "needs its secret again";

/** What another master secret looks like to this server: a sealed value it cannot open. */
async function sealWithAnotherMasterKey(keyId: string) {
  const parts = [randomBytes(12), randomBytes(16), randomBytes(24)].map((b) => b.toString("base64"));
  await queryDb("UPDATE provider_keys SET secret_sealed = ? WHERE id = ?", [["v1", ...parts].join(":"), keyId]);
}

test("one unreadable key is marked and explained; the demo key keeps working", async ({ page, sim, browser }) => {
  const secret = `UNREADABLE-${Date.now()}-unrd`;
  await sim.addKey(secret, 7);
  await page.goto("/keys");
  await page.getByRole("button", { name: "Add key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Key name").fill(NAME);
  await dialog.getByLabel("Provider").selectOption("simulator");
  await dialog.getByLabel("API key").fill(secret);
  await dialog.getByRole("button", { name: "Save key" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Key saved." })).toBeVisible();
  const [key] = await queryDb<{ id: string }>("SELECT id FROM provider_keys WHERE name = ? AND deleted_at IS NULL", [NAME]);
  expect(key).toBeTruthy();
  const keyId = key?.id ?? "";

  const own = await sim.createActivationWithKey(secret);
  await sim.deliverSms(own.id, "515151");
  const demo = await sim.createActivation();
  await sim.deliverSms(demo.id, "626262");
  const activations = new ActivationsPage(page);
  await activations.goto();
  await expect(activations.codes(own.id)).toContainText("515151");
  await expect(activations.codes(demo.id)).toContainText("626262");

  await sealWithAnotherMasterKey(keyId);

  // The banner names the key and what fixes it; its buttons say the same.
  const banner = page.getByTestId("key-blocked").filter({ hasText: NAME });
  await expect(banner).toContainText(NEEDS_SECRET, { timeout: 15_000 });
  await expect(banner).toContainText("Rotate");
  const markedAt = new Date().toISOString();
  await expect(activations.button(own.id, "Finish")).toBeDisabled();
  await expect(activations.why(own.id, "finish")).toContainText(NEEDS_SECRET);

  // The demo key's rows still work.
  await expect(activations.button(demo.id, "Finish")).toBeEnabled();
  await activations.button(demo.id, "Finish").click();
  await expect(activations.status(demo.id)).toHaveText("Finished");

  // An operator sees the same, and the health check stays green.
  const operator = await browser.newContext({ storageState: storageStateFor("operator") });
  const operatorView = new ActivationsPage(await operator.newPage());
  await operatorView.goto();
  await expect(operatorView.why(own.id, "finish")).toContainText(NEEDS_SECRET);
  expect((await operatorView.page.request.get("/api/health")).status()).toBe(200);
  await operator.close();

  // The keys page explains it; Test answers with the same sentence, calling nobody.
  await page.goto("/keys");
  const row = page.getByTestId(`key-${NAME}`);
  await expect(row.getByTestId("key-health")).toContainText(NEEDS_SECRET);
  await row.getByRole("button", { name: "Test" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: NEEDS_SECRET })).toBeVisible();
  const since = (await sim.requests()).filter((r) => r.keySuffix === "unrd" && r.at > markedAt);
  expect(since).toEqual([]);
  const audits = await queryDb("SELECT id FROM audit_log WHERE action = 'key.unreadable' AND key_id = ?", [keyId]);
  expect(audits).toHaveLength(1);

  // Rotate with the secret is the fix: the key works again, then it is removed.
  await row.getByRole("button", { name: "Rotate" }).click();
  await page.getByRole("dialog").getByLabel("New API key").fill(secret);
  await page.getByRole("dialog").getByRole("button", { name: "Rotate" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: `${NAME} now uses the new key.` })).toBeVisible();
  await expect(row.getByTestId("key-health")).toHaveCount(0);
  await activations.goto();
  await expect(banner).toHaveCount(0);
  await activations.button(own.id, "Finish").click();
  await expect(activations.status(own.id)).toHaveText("Finished");

  await page.goto("/keys");
  await row.getByRole("button", { name: "Delete" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: `${NAME} deleted.` })).toBeVisible();
  await expect(row).toHaveCount(0);
});

test("the same secret added twice to the team is refused, naming the key that holds it", async ({ page, sim }) => {
  const secret = `DUPLICATE-${Date.now()}-dupl`;
  await sim.addKey(secret, 3);
  const add = async (name: string, provider: string, baseUrl?: string) => {
    await page.getByRole("button", { name: "Add key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Key name").fill(name);
    await dialog.getByLabel("Provider").selectOption(provider);
    if (baseUrl) await dialog.getByLabel("Base URL").fill(baseUrl);
    await dialog.getByLabel("API key").fill(secret);
    await dialog.getByRole("button", { name: "Save key" }).click();
  };
  await page.goto("/keys");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await add("First copy", "simulator");
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Key saved." })).toBeVisible();
  await page.keyboard.press("Escape");
  // The same simulator, typed as a custom URL: same host, same secret.
  await add("Second copy", "custom", `${sim.baseUrl}/`);
  await expect(
    page.locator("[data-sonner-toast]").filter({ hasText: "already in your team's vault for the same provider, as “First copy”" }),
  ).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("key-Second copy")).toHaveCount(0);

  const row = page.getByTestId("key-First copy");
  await row.getByRole("button", { name: "Delete" }).click();
  await expect(row).toHaveCount(0);
});
