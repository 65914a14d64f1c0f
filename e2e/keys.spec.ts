import { expect, test } from "./fixtures";
import { ActivationsPage } from "./pages/activations-page";
import { storageStateFor } from "./roles";

// The key vault as an admin uses it: add, test (getBalance), rotate, disable, delete. The
// secret is never shown again after it is saved: only its last 4 characters.

test.use({ storageState: storageStateFor("admin") });

test("an admin adds a key, tests it, rotates it; an operator works its activations", async ({ page, sim, browser }) => {
  const first = `VAULT-FIRST-${Date.now()}-abcd`;
  const second = `VAULT-SECOND-${Date.now()}-wxyz`;
  await sim.addKey(first, 12.5);
  await sim.addKey(second, 3);

  await page.goto("/keys");
  await page.getByRole("button", { name: "Add key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Key name").fill("Team sim");
  await dialog.getByLabel("Provider").selectOption("simulator");
  await dialog.getByLabel("API key").fill(first);
  await dialog.getByRole("button", { name: "Save key" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Key saved." })).toBeVisible();

  const row = page.getByTestId("key-Team sim");
  await expect(row.getByTestId("secret-mask")).toHaveText("••••abcd");
  expect(await page.content()).not.toContain(first);

  await row.getByRole("button", { name: "Test" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Balance: $12.50" })).toBeVisible();
  await expect(row.getByTestId("key-balance")).toHaveText("$12.50");

  await row.getByRole("button", { name: "Rotate" }).click();
  await page.getByRole("dialog").getByLabel("New API key").fill(second);
  await page.getByRole("dialog").getByRole("button", { name: "Rotate" }).click();
  await expect(row.getByTestId("secret-mask")).toHaveText("••••wxyz");
  await row.getByRole("button", { name: "Test" }).click();
  await expect(row.getByTestId("key-balance")).toHaveText("$3.00");

  // The provider now sees the new secret only.
  const tests = (await sim.requests({ action: "getBalance" })).filter((r) => r.keySuffix === "wxyz");
  expect(tests.length).toBeGreaterThan(0);

  // An operator of the team works an activation bought with this key.
  const { id } = await sim.createActivationWithKey(second);
  await sim.deliverSms(id, "654321");
  const operator = await browser.newContext({ storageState: storageStateFor("operator") });
  const activations = new ActivationsPage(await operator.newPage());
  await activations.goto();
  await expect(activations.codes(id)).toContainText("654321");
  await activations.button(id, "Finish").click();
  await expect(activations.status(id)).toHaveText("Finished");
  await operator.close();
  expect((await sim.requests({ action: "setStatus", id })).map((r) => r.keySuffix)).toEqual(["wxyz"]);
  await page.reload();

  await row.getByRole("button", { name: "Delete" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Team sim deleted." })).toBeVisible();
  await expect(row).toHaveCount(0);
});

test("a key with active activations is deleted only after a confirmation", async ({ page, sim }) => {
  const secret = `VAULT-ACTIVE-${Date.now()}-qqqq`;
  await sim.addKey(secret, 10);
  await page.goto("/keys");
  await page.getByRole("button", { name: "Add key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Key name").fill("Busy key");
  await dialog.getByLabel("Provider").selectOption("simulator");
  await dialog.getByLabel("API key").fill(secret);
  await dialog.getByRole("button", { name: "Save key" }).click();
  const { id } = await sim.createActivationWithKey(secret);

  await page.goto("/activations");
  await expect(page.getByTestId(`activation-${id}`)).toBeVisible();
  await page.goto("/keys");
  const row = page.getByTestId("key-Busy key");
  await row.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("dialog")).toContainText("1 active activation");
  await page.getByRole("dialog").getByRole("button", { name: "Delete anyway" }).click();
  await expect(row).toHaveCount(0);
});

test("a wrong key is reported by Test with the provider's own words", async ({ page }) => {
  await page.goto("/keys");
  await page.getByRole("button", { name: "Add key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Key name").fill("Wrong key");
  await dialog.getByLabel("Provider").selectOption("simulator");
  await dialog.getByLabel("API key").fill("NOT-A-KNOWN-KEY-0000");
  await dialog.getByRole("button", { name: "Save key" }).click();
  const row = page.getByTestId("key-Wrong key");
  await row.getByRole("button", { name: "Test" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "rejected the API key" })).toBeVisible();
  await expect(row.getByTestId("key-error")).toContainText("BAD_KEY");
  await row.getByRole("button", { name: "Delete" }).click();
  await expect(row).toHaveCount(0);
});

test("a click whose request never gets an answer says the server could not be reached, and the buttons work again", async ({
  page,
}) => {
  await page.goto("/keys");
  const row = page.getByTestId("key-Simulator");
  const isAction = (url: URL) => url.pathname === "/keys";
  await page.route(isAction, (route) =>
    route.request().method() === "POST" && route.request().headers()["next-action"]
      ? route.abort("connectionrefused")
      : route.fallback(),
  );
  await row.getByRole("button", { name: "Test" }).click();
  await expect(
    page.locator("[data-sonner-toast]").filter({ hasText: "The server could not be reached. Check your connection and try again." }),
  ).toBeVisible();
  await page.unroute(isAction);
  await expect(row.getByRole("button", { name: "Test" })).toBeEnabled();
  await row.getByRole("button", { name: "Test" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: /Balance: \$\d/ })).toBeVisible();
});
