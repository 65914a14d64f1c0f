import type { Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { expect, test } from "./fixtures";
import type { Simulator } from "./sim";

// The order dialog with the key's prices and stock (issue 10, item 1), against the simulator's
// fixed price list (lib/simulator/catalogue.ts: a service's base price × the country's factor).
// Each test uses a service no other spec orders, so the app's one-minute price cache and the
// counts of provider calls belong to it alone.

async function openOrder(page: Page) {
  await page.goto("/activations");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await page.getByRole("button", { name: "Order number" }).click();
  const dialog = page.getByRole("dialog", { name: "Order a number" });
  // Other specs may leave the team a second key: order with the simulator's demo key.
  const key = dialog.getByLabel("Key", { exact: true });
  if (await key.isVisible()) await key.selectOption({ label: "Simulator" });
  return dialog;
}

const calls = async (sim: Simulator, action: string, service: string) =>
  (await sim.requests({ action })).filter((r) => r.service === service);

test("prices and stock are listed cheapest first, sold-out countries last and not buyable, read once a minute", async ({
  sim,
  page,
}) => {
  // VKontakte: 0.25 base. USA (187) runs out; country 999 is always sold out.
  await sim.setStock("187", "vk", 0);
  try {
    const dialog = await openOrder(page);
    await dialog.getByLabel("Search apps").fill("vkont");
    await expect(dialog.getByLabel("Service")).toHaveValue("vk");
    const countries = dialog.getByLabel("Country", { exact: true });
    await expect(countries.locator("option")).toHaveText([
      "Indonesia · 0.13 · 1,000 left",
      "Brazil · 0.20 · 1,000 left",
      "Russia · 0.25 · 1,000 left",
      "United Kingdom · 0.40 · 1,000 left",
      "USA (virtual) · 0.50 · 1,000 left",
      "USA · 0.15 · sold out",
      "Country 999 · 0.25 · sold out",
    ]);
    await expect(countries.locator('option[value="187"]')).toBeDisabled();
    await expect(countries.locator('option[value="999"]')).toBeDisabled();
    // The cheapest is chosen, and its cost shown before buying; another choice shows its own.
    await expect(countries).toHaveValue("6");
    await expect(dialog.getByTestId("order-cost")).toHaveText("Cost: 0.13, charged to the key's balance.");
    await countries.selectOption("16");
    await expect(dialog.getByTestId("order-cost")).toHaveText("Cost: 0.40, charged to the key's balance.");
    await dialog.getByLabel("Max price (USD, optional)").fill("0.3");
    await expect(dialog.getByTestId("order-cost")).toContainText("above your max price of 0.30");
    // Searching narrows the list by name.
    await dialog.getByLabel("Search countries").fill("bra");
    await expect(countries.locator("option")).toHaveText(["Brazil · 0.20 · 1,000 left"]);
    expect(await axeViolations(page, "light")).toEqual([]);

    // Reopened within the minute: the service kept, the searches cleared, the same list, and
    // no second getPrices.
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Order number" }).click();
    await expect(dialog.getByLabel("Service")).toHaveValue("vk");
    await expect(dialog.getByLabel("Search countries")).toHaveValue("");
    await expect(countries.locator("option")).toHaveCount(7);
    await expect(countries.locator("option").first()).toHaveText("Indonesia · 0.13 · 1,000 left");
    expect(await calls(sim, "getPrices", "vk")).toHaveLength(1);
  } finally {
    await sim.setStock("187", "vk", null);
  }
});

test("a max price under the provider's price buys nothing; one click then buys at its minimum", async ({
  sim,
  page,
}) => {
  // Amazon in Brazil: 0.22 × 0.8 = 0.18 (rounded to the cent).
  const before = await sim.balance();
  const dialog = await openOrder(page);
  await dialog.getByLabel("Search apps").fill("amaz");
  await dialog.getByLabel("Country", { exact: true }).selectOption("73");
  await expect(dialog.getByTestId("order-cost")).toHaveText("Cost: 0.18, charged to the key's balance.");
  await dialog.getByLabel("Max price (USD, optional)").fill("0.05");
  await dialog.getByRole("button", { name: "Buy number" }).click();

  const offer = dialog.getByTestId("min-price");
  await expect(offer).toContainText("The provider's current price for this number is 0.18.");
  const refused = await calls(sim, "getNumberV2", "am");
  expect(refused.map((r) => [r.country, r.maxPrice])).toEqual([["73", "0.05"]]);
  expect(await sim.balance()).toBe(before);
  expect(await axeViolations(page, "light")).toEqual([]);

  await offer.getByRole("button", { name: "Buy at 0.18" }).click();
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: /Number \+\d+ ordered\./ });
  await expect(toast).toBeVisible();
  await expect(dialog).toBeHidden();
  const phone = /\+(\d+)/.exec((await toast.textContent()) ?? "")?.[1];
  const orders = await calls(sim, "getNumberV2", "am");
  expect(orders.map((r) => [r.country, r.maxPrice])).toEqual([
    ["73", "0.05"],
    ["73", "0.18"],
  ]);
  expect(await calls(sim, "getNumber", "am")).toHaveLength(0);
  expect(before - (await sim.balance())).toBeCloseTo(0.18, 6);
  await expect(page.locator("[data-testid^='activation-']").filter({ hasText: `+${phone}` })).toHaveCount(1);
});

test("when prices cannot be read the dialog says so, and a typed country still orders", async ({ sim, page }) => {
  const dialog = await openOrder(page);
  // Telegram's prices first (read or cached), so that the fault meets Instagram's read.
  await expect(dialog.getByTestId("order-cost")).toContainText("Cost:");
  await sim.fault({ action: "getPrices", kind: "garbage" });
  await dialog.getByLabel("Search apps").fill("insta");
  await expect(dialog.getByTestId("prices-failed")).toContainText("Prices could not be read");
  await expect(dialog.getByTestId("order-cost")).toContainText("not known until prices are read");
  // A country number typed in the search is offered as it is.
  await dialog.getByLabel("Search countries").fill("16");
  const countries = dialog.getByLabel("Country", { exact: true });
  await expect(countries.locator("option")).toHaveText(["United Kingdom"]);
  await dialog.getByRole("button", { name: "Buy number" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: /Number \+\d+ ordered\./ })).toBeVisible();
  const orders = await calls(sim, "getNumberV2", "ig");
  expect(orders.map((r) => [r.country, r.maxPrice])).toEqual([["16", null]]);
});

test("stepping through services with the keyboard reads the prices of the one it rests on, once", async ({
  sim,
  page,
}) => {
  const dialog = await openOrder(page);
  const service = dialog.getByLabel("Service");
  const before = (await sim.requests({ action: "getPrices" })).length;
  // From the end of the list upwards: services no other spec reads, so none is cached yet.
  await service.focus();
  await page.keyboard.press("End");
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowUp", { delay: 40 });
  const restedOn = await service.inputValue();
  // The read waits for the choice to rest (300 ms), then takes a provider round trip.
  await expect
    .poll(async () => (await sim.requests({ action: "getPrices" })).slice(before).some((r) => r.service === restedOn))
    .toBe(true);
  await page.waitForTimeout(500);
  const read = (await sim.requests({ action: "getPrices" })).slice(before);
  // The service the dialog opened on may be read first; of the ones stepped through, only the last.
  expect(read.filter((r) => r.service !== restedOn).length).toBeLessThanOrEqual(1);
  expect(read.filter((r) => r.service === restedOn)).toHaveLength(1);
});
