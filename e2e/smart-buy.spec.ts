import type { Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { queryDb } from "./db";
import { expect, test } from "./fixtures";
import { storageStateFor } from "./roles";
import { openKeepTrying } from "./smart-buy-helpers";
import type { Simulator } from "./sim";

// Smart buy (issue 10, item 2) against the simulator: POST /__sim/stock empties countries so
// their getNumber answers NO_NUMBERS. Each test uses a service no other spec orders (Facebook,
// Google), so the provider calls and activations counted are its own.

type Plan = { service: string; countries: string[]; everySeconds: number; maxRounds: number };

async function startSmartBuy(page: Page, plan: Plan) {
  const dialog = await openKeepTrying(page, plan.service, plan.countries);
  await dialog.getByLabel("Wait between rounds (seconds)").fill(String(plan.everySeconds));
  await dialog.getByLabel("Rounds at most").fill(String(plan.maxRounds));
  expect(await axeViolations(page, "light")).toEqual([]);
  await dialog.getByRole("button", { name: "Start" }).click();
  await expect(dialog).toBeHidden();
  const [row] = await queryDb<{ id: string }>(
    "SELECT id FROM smart_buys WHERE service = ? ORDER BY created_at DESC LIMIT 1",
    [plan.service],
  );
  if (!row) throw new Error("smart buy not recorded");
  return page.getByTestId(`smart-buy-${row.id}`);
}

const getNumbers = async (sim: Simulator, service: string) =>
  (await sim.requests({ action: "getNumberV2" })).filter((r) => r.service === service);
const activationsOf = (service: string) => queryDb<{ id: string; phone: string; country_code: string }>(
  "SELECT id, phone, country_code FROM activations WHERE service = ?",
  [service],
);

test("a smart buy moves past two sold-out countries and buys exactly one number in the third", async ({ sim, page }) => {
  // Facebook: Indonesia and Brazil sold out, Russia has numbers.
  await sim.setStock("6", "fb", 0);
  await sim.setStock("73", "fb", 0);
  try {
    const balanceBefore = await sim.balance();
    const before = (await activationsOf("fb")).length;
    const item = await startSmartBuy(page, { service: "fb", countries: ["6", "73", "0"], everySeconds: 30, maxRounds: 3 });
    await expect(item.getByTestId("smart-buy-state")).toHaveText("Bought");
    await expect(item.getByTestId("smart-buy-attempts").locator("li")).toHaveText([
      "1. Indonesia: no numbers",
      "2. Brazil: no numbers",
      "3. Russia: bought",
    ]);
    // One getNumber per country, in order; only the last one sold a number, and only one.
    expect((await getNumbers(sim, "fb")).map((r) => r.country)).toEqual(["6", "73", "0"]);
    const bought = await activationsOf("fb");
    expect(bought).toHaveLength(before + 1);
    const number = bought.at(-1);
    expect(number?.country_code).toBe("0");
    await expect(item).toContainText(`Bought ${number?.phone}`);
    // Facebook in Russia: 0.15, charged once.
    expect(await sim.balance()).toBeCloseTo(balanceBefore - 0.15, 5);
    // The number is in the table like any other, and nothing more is tried.
    await expect(page.getByText(number?.phone ?? "-").first()).toBeVisible();
    await page.waitForTimeout(1500);
    expect(await getNumbers(sim, "fb")).toHaveLength(3);
  } finally {
    await sim.setStock("6", "fb", null);
    await sim.setStock("73", "fb", null);
  }
});

test("a smart buy stopped by a teammate midway buys nothing after the Stop", async ({ sim, page, browser }) => {
  // Google: the UK and the USA sold out, so each round fails; 30 s between rounds.
  await sim.setStock("16", "go", 0);
  await sim.setStock("187", "go", 0);
  try {
    const before = (await activationsOf("go")).length;
    const item = await startSmartBuy(page, { service: "go", countries: ["16", "187"], everySeconds: 30, maxRounds: 10 });
    await expect(item.getByTestId("smart-buy-attempts").locator("li")).toHaveText([
      "1. United Kingdom: no numbers",
      "2. USA: no numbers",
    ]);
    await expect(item.getByTestId("smart-buy-state")).toHaveText("Trying");

    // An admin of the team, in another browser, stops it.
    const admin = await browser.newContext({ storageState: storageStateFor("admin") });
    const adminPage = await admin.newPage();
    await adminPage.goto("/activations");
    const adminItem = adminPage.getByTestId(await item.getAttribute("data-testid").then((id) => id ?? ""));
    await adminItem.getByRole("button", { name: "Stop smart buy for Google" }).click();
    await expect(adminItem.getByTestId("smart-buy-state")).toHaveText("Stopped");
    await admin.close();
    const callsAtStop = (await getNumbers(sim, "go")).length;
    expect(callsAtStop).toBe(2);

    // Numbers are back and the next round is due at once: a runner that ignored the Stop would buy now.
    await sim.setStock("16", "go", null);
    await sim.setStock("187", "go", null);
    await queryDb("UPDATE smart_buys SET next_at = 0 WHERE state = 'stopped' AND service = ?", ["go"]);
    await expect(item.getByTestId("smart-buy-state")).toHaveText("Stopped");
    await expect(item).toContainText("Stopped by admin@demo.local");
    await page.waitForTimeout(3000); // six sync passes at the e2e stack's 500 ms
    expect(await getNumbers(sim, "go")).toHaveLength(callsAtStop);
    expect(await activationsOf("go")).toHaveLength(before);
    await expect(item.getByRole("button", { name: /Stop/ })).toHaveCount(0);
  } finally {
    await sim.setStock("16", "go", null);
    await sim.setStock("187", "go", null);
  }
});
