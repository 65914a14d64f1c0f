import { request as playwrightRequest } from "@playwright/test";
import { captureAction } from "./actions-replay";
import { readDb } from "./db";
import { expect, test } from "./fixtures";
import { ActivationsPage } from "./pages/activations-page";
import { NO_COOKIES, storageStateFor } from "./roles";

// Teams and roles: admins add people with a one-time password, the last admin stays, and a
// team's operator cannot touch another team's activation even by naming its id.

test.use({ storageState: storageStateFor("admin") });

const toast = (page: import("@playwright/test").Page, text: string | RegExp) =>
  page.locator("[data-sonner-toast]").filter({ hasText: text });

test("an admin adds an operator whose one-time password works once shown", async ({ page, browser }) => {
  const email = `op-${Date.now()}@demo.local`;
  await page.goto("/team");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Name", { exact: true }).fill("Second operator");
  await page.getByLabel("Role", { exact: true }).selectOption("operator");
  await page.getByRole("button", { name: "Add member" }).click();
  const password = await page.getByRole("dialog").getByRole("textbox", { name: "One-time password" }).inputValue();
  expect(password.length).toBeGreaterThanOrEqual(16);

  const context = await browser.newContext({ storageState: NO_COOKIES });
  const newcomer = await context.newPage();
  await newcomer.goto("/sign-in");
  await expect(newcomer.locator("html[data-hydrated]")).toHaveCount(1);
  await newcomer.getByLabel("Email").fill(email);
  await newcomer.getByLabel("Password").fill(password);
  await newcomer.getByRole("button", { name: "Sign in" }).click();
  // The one-time password opens only the profile, until they choose their own.
  await expect(newcomer).toHaveURL(/\/profile$/);
  await expect(newcomer.getByText("You signed in with a one-time password.")).toBeVisible();
  await newcomer.goto("/activations");
  await expect(newcomer).toHaveURL(/\/profile$/);
  expect((await newcomer.request.get("/api/activations")).status()).toBe(403);

  await newcomer.getByLabel("Current password").fill(password);
  await newcomer.getByLabel("New password (10+ characters)").fill("my-own-password-42");
  await newcomer.getByRole("button", { name: "Change password" }).click();
  await expect(newcomer).toHaveURL(/\/activations$/);
  await newcomer.goto("/keys");
  await expect(newcomer.getByText("Only team admins can do this.")).toBeVisible();
  await context.close();
  expect(readDb("SELECT * FROM audit_log WHERE detail LIKE ?", `%${password}%`)).toEqual([]);
});

test("the last admin can be neither demoted nor removed, even by a replayed request", async ({ page }) => {
  await page.goto("/team");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await expect(page.getByLabel("Access level of admin@demo.local")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Remove admin@demo.local" })).toBeDisabled();

  // Capture a real role change (the operator's, to operator: a no-op), then aim it at the admin.
  const captured = await captureAction(page, () =>
    page.getByLabel("Access level of operator@demo.local").selectOption("admin"),
  );
  await expect(toast(page, "operator@demo.local is now Admin.")).toBeVisible();
  await expect(page.getByLabel("Access level of operator@demo.local")).toHaveValue("admin");
  await page.getByLabel("Access level of operator@demo.local").selectOption("operator");
  await expect(toast(page, "operator@demo.local is now Operator.")).toBeVisible();

  const [adminMember] = readDb<{ id: string }>(
    `SELECT member.id FROM member JOIN user ON user.id = member.userId
     WHERE user.email = 'admin@demo.local' AND member.role = 'admin'`,
  );
  const [operatorMember] = readDb<{ id: string }>(
    "SELECT member.id FROM member JOIN user ON user.id = member.userId WHERE user.email = 'operator@demo.local'",
  );
  expect(adminMember && operatorMember).toBeTruthy();
  const body = captured.body.replace(operatorMember?.id ?? "", adminMember?.id ?? "").replace('"admin"', '"operator"');
  const response = await page.request.post(captured.url, { headers: captured.headers, data: body });
  expect(await response.text()).toContain("A team needs at least one admin");
  await page.reload();
  await expect(page.getByLabel("Access level of admin@demo.local")).toHaveValue("admin");
});

test("team A's operator cannot act on team B's activation by sending its id", async ({ page, sim, browser, baseURL }) => {
  // The admin makes team B with a key of its own, and an activation with a code appears there.
  const teamB = `Team B ${Date.now()}`;
  const keyB = `TEAM-B-KEY-${Date.now()}`;
  await sim.addKey(keyB, 9);
  const { id: foreignId } = await sim.createActivationWithKey(keyB);
  await sim.deliverSms(foreignId, "999111");
  await page.goto("/team");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await page.getByLabel("New team").fill(teamB);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(toast(page, `Team ${teamB} created.`)).toBeVisible();
  const switcher = page.getByRole("combobox", { name: "Team", exact: true });
  await switcher.selectOption({ label: teamB });
  await expect(async () => {
    await page.goto("/keys");
    await expect(page.getByText("No keys yet.", { exact: false })).toBeVisible({ timeout: 1000 });
  }).toPass();
  await page.getByRole("button", { name: "Add key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Key name").fill("Team B sim");
  await dialog.getByLabel("Provider").selectOption("simulator");
  await dialog.getByLabel("API key").fill(keyB);
  await dialog.getByRole("button", { name: "Save key" }).click();
  await page.goto("/activations");
  await expect(page.getByTestId(`activation-${foreignId}`)).toBeVisible();

  try {
    // Team A's operator captures their own Finish, then aims it at team B's activation.
    const context = await browser.newContext({ storageState: storageStateFor("operator") });
    const operatorPage = await context.newPage();
    const own = await sim.createActivation();
    await sim.deliverSms(own.id, "222333");
    const activations = new ActivationsPage(operatorPage);
    await activations.goto();
    await expect(activations.codes(own.id)).toContainText("222333");
    await expect(activations.row(foreignId)).toHaveCount(0);
    const captured = await captureAction(operatorPage, () => activations.button(own.id, "Finish").click());
    await expect(activations.status(own.id)).toHaveText("Finished");

    const replayer = await playwrightRequest.newContext({ baseURL, storageState: storageStateFor("operator") });
    const replay = await replayer.post(captured.url, { headers: captured.headers, data: captured.body.replace(own.id, foreignId) });
    expect(await replay.text()).toContain("This activation does not exist or is not yours.");
    // Naming team B's key as well (key and id, as the action takes them) changes nothing.
    const [ownKey] = readDb<{ key_id: string }>("SELECT key_id FROM activations WHERE id = ?", own.id);
    const [foreignKey] = readDb<{ key_id: string }>("SELECT key_id FROM activations WHERE id = ?", foreignId);
    expect(foreignKey?.key_id).toBeTruthy();
    expect(captured.body).toContain(ownKey?.key_id);
    const both = captured.body.replace(own.id, foreignId).replace(ownKey?.key_id ?? "-", foreignKey?.key_id ?? "-");
    const replayBoth = await replayer.post(captured.url, { headers: captured.headers, data: both });
    expect(await replayBoth.text()).toContain("This activation does not exist or is not yours.");
    const list = await replayer.get("/api/activations");
    expect(await list.text()).not.toContain(foreignId);
    await replayer.dispose();
    await context.close();
    expect(await sim.requests({ action: "setStatus", id: foreignId })).toHaveLength(0);
  } finally {
    // The admin's session is shared by later tests: put it back in team A.
    await page.goto("/activations");
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await page.getByRole("combobox", { name: "Team", exact: true }).selectOption({ label: "Demo team" });
    await expect(async () => {
      await page.goto("/keys");
      await expect(page.getByTestId("key-Simulator")).toBeVisible({ timeout: 1000 });
    }).toPass();
  }
});

test("setup runs once: with users in place it refuses", async ({ browser }) => {
  const context = await browser.newContext({ storageState: NO_COOKIES });
  const page = await context.newPage();
  await page.goto("/setup");
  await expect(page.getByText("SMS Desk is already set up.")).toBeVisible();
  await expect(page.getByLabel("Team name")).toHaveCount(0);
  await context.close();
});
