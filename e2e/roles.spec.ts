import { request as playwrightRequest } from "@playwright/test";
import { captureAction } from "./actions-replay";
import { expect, test } from "./fixtures";
import { ActivationsPage } from "./pages/activations-page";
import { ADMIN, NO_COOKIES, OPERATOR, signIn, storageStateFor } from "./roles";

// Who may do what, checked on the server: an operator cannot reach admin pages or replay an
// admin's request, a signed-out request is refused, and none of these reach the provider.

test.describe("an operator", () => {
  for (const path of ["/keys", "/team", "/audit"]) {
    test(`cannot open ${path}, and its response carries none of its data`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBeLessThan(500);
      await expect(page.getByText("Only team admins can do this.")).toBeVisible();
      const html = (await response?.text()) ?? "";
      for (const secretish of ["••••", ADMIN.email, "key.create", "Simulator"]) {
        expect(html, `${path} leaks ${secretish}`).not.toContain(secretish);
      }
    });
  }

  test("does not see admin links", async ({ page }) => {
    await page.goto("/activations");
    await expect(page.getByRole("link", { name: "Keys" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Audit" })).toHaveCount(0);
  });

  test("cannot open the audit export", async ({ request }) => {
    const response = await request.get("/api/audit/export");
    expect(response.status()).toBe(403);
    expect(await response.text()).not.toContain("setStatus");
  });
});

test("an operator replaying an admin's captured key action is refused, and nothing reaches the provider", async ({
  browser,
  sim,
  baseURL,
}) => {
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const page = await admin.newPage();
  const secret = `REPLAY-KEY-${Date.now()}`;
  await sim.addKey(secret, 5);
  await page.goto("/keys");
  await page.getByRole("button", { name: "Add key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Key name").fill("Replay target");
  await dialog.getByLabel("Provider").selectOption("simulator");
  await dialog.getByLabel("API key").fill(secret);
  await dialog.getByRole("button", { name: "Save key" }).click();
  const row = page.getByTestId("key-Replay target");
  await expect(row).toBeVisible();
  // Disabled, so sync makes no calls with it: any call now would come from the replay.
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("Disabled");
  const captured = await captureAction(page, () => row.getByRole("button", { name: "Test" }).click());
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "$5.00" })).toBeVisible();
  await admin.close();

  const suffix = secret.slice(-4);
  const callsBefore = (await sim.requests({ action: "getBalance" })).filter((r) => r.keySuffix === suffix).length;
  const operator = await playwrightRequest.newContext({ baseURL, storageState: storageStateFor("operator") });
  const response = await operator.post(captured.url, { headers: captured.headers, data: captured.body });
  expect(await response.text()).toContain("Only team admins can do this.");
  await operator.dispose();

  // No session cookie at all: proxy.ts sends the request to /sign-in before any action runs.
  const anonymous = await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES });
  const signedOut = await anonymous.post(captured.url, { headers: captured.headers, data: captured.body, maxRedirects: 0 });
  expect(signedOut.status()).toBe(307);
  expect(signedOut.headers().location).toContain("/sign-in");
  await anonymous.dispose();

  const callsAfter = (await sim.requests({ action: "getBalance" })).filter((r) => r.keySuffix === suffix).length;
  expect(callsAfter).toBe(callsBefore);
});

test("a signed-out replay of an operator's setStatus is refused without a provider call", async ({
  browser,
  sim,
  baseURL,
}) => {
  const first = await sim.createActivation();
  const second = await sim.createActivation();
  await sim.deliverSms(first.id, "121212");
  await sim.deliverSms(second.id, "343434");

  // A session of its own, so signing it out leaves the shared operator session alone.
  const context = await browser.newContext({ storageState: NO_COOKIES });
  const page = await context.newPage();
  await signIn(page, OPERATOR);
  const activations = new ActivationsPage(page);
  await activations.goto();
  await expect(activations.codes(second.id)).toContainText("343434");
  const captured = await captureAction(page, () => activations.button(first.id, "Finish").click());
  await expect(activations.status(first.id)).toHaveText("Finished");
  const cookies = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();

  // The old cookie, now revoked, replayed against another activation.
  const replayer = await playwrightRequest.newContext({ baseURL, storageState: { cookies, origins: [] } });
  const replay = await replayer.post(captured.url, {
    headers: captured.headers,
    data: captured.body.replace(first.id, second.id),
  });
  expect(await replay.text()).toContain("You are signed out.");
  await replayer.dispose();
  expect(await sim.requests({ action: "setStatus", id: second.id })).toHaveLength(0);
  expect((await sim.activation(second.id)).state).toBe("code_received");
});
