import type { Browser, Page } from "@playwright/test";
import { API_KEY, expect, test } from "./fixtures";
import { storageStateFor } from "./roles";
import type { Simulator } from "./sim";

// Spending limits (issue 10, item 6): an admin sets them on /team (per member) and /keys (per key,
// with a low-balance threshold). Each test clears what it set, so the other specs order freely.

async function adminPage(browser: Browser, path: string): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor("admin") });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  return page;
}

/** Fills one amount of a limits row (empty: none) and saves the row. */
async function saveLimit(page: Page, name: string, label: string, value: string) {
  await page.getByLabel(`${label} of ${name}`).fill(value);
  await page.getByRole("button", { name: `Save limits of ${name}` }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: `Limits of ${name} saved.` }).last()).toBeVisible();
}

const purchases = async (sim: Simulator) =>
  (await sim.requests({ action: "getNumberV2" })).length + (await sim.requests({ action: "getNumber" })).length;

test("a member's daily limit refuses an order before any provider call, with the reason in the order dialog", async ({
  browser,
  page,
  sim,
}) => {
  const admin = await adminPage(browser, "/team");
  await saveLimit(admin, "operator@demo.local", "Daily limit", "0.01");
  try {
    await page.goto("/activations");
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await page.getByRole("button", { name: "Order number" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Max price/).fill("5");
    const before = await purchases(sim);
    await dialog.getByRole("button", { name: "Buy number" }).click();
    await expect(
      page.locator("[data-sonner-toast]").filter({ hasText: "Refused by your daily spending limit: this order (up to 5)" }),
    ).toBeVisible();
    await expect(dialog).toBeVisible();
    expect(await purchases(sim)).toBe(before);

    // The refusal is in the audit log, as the operator's getNumber refused.
    await admin.goto("/audit");
    await expect(admin.getByText("LIMIT_MEMBER_DAILY").first()).toBeVisible();
  } finally {
    await admin.goto("/team");
    await saveLimit(admin, "operator@demo.local", "Daily limit", "");
    await admin.context().close();
  }
});

test("a balance under a key's threshold shows a banner to the whole team", async ({ browser, page, sim }) => {
  const balance = await sim.balance();
  const admin = await adminPage(browser, "/keys");
  await saveLimit(admin, "Simulator", "Low-balance threshold", "50");
  try {
    await sim.addKey(API_KEY, 12.5);
    await page.goto("/activations");
    // Sync reads the balance every 2 s in the e2e stack; the header polls /api/account.
    await expect(page.getByTestId("low-balance-banner")).toHaveText(
      "Low balance on Simulator: 12.5 is under 50. Top up the provider account before orders fail.",
    );
    await expect(admin.getByTestId("low-balance-banner")).toBeVisible();
    await admin.goto("/keys");
    await saveLimit(admin, "Simulator", "Low-balance threshold", "");
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("low-balance-banner")).toHaveCount(0);
  } finally {
    await sim.addKey(API_KEY, balance);
    await admin.goto("/keys");
    await saveLimit(admin, "Simulator", "Low-balance threshold", "");
    await admin.context().close();
  }
});
