import { queryDb } from "./db";
import { expect, test } from "./fixtures";
import type { Simulator } from "./sim";
import { openKeepTrying } from "./smart-buy-helpers";

// Quick buys (issue 10, item 3): a smart buy plan saved as a one-click button, and "Buy again"
// on a row (same key, service and country). Service "Other" (ot) is ordered by no other spec.

const getNumbers = async (sim: Simulator, service: string, country?: string) =>
  (await sim.requests({ action: "getNumberV2" })).filter(
    (r) => r.service === service && (country === undefined || r.country === country),
  );

test("a quick buy saved from the dialog starts a smart buy in one click, and is deleted by its owner", async ({ sim, page }) => {
  const dialog = await openKeepTrying(page, "ot", ["16", "0"]);
  // The order can be changed before saving: Russia first.
  await dialog.getByRole("button", { name: "Move Russia up" }).click();
  await expect(dialog.getByTestId("smart-buy-countries").locator("li")).toHaveText(["1. Russia", "2. United Kingdom"]);
  await dialog.getByLabel("Quick buy name").fill("Other RU/UK");
  await dialog.getByLabel("Shared with the team").check();
  await dialog.getByRole("button", { name: "Save as quick buy" }).click();
  await expect(page.getByText("Quick buy “Other RU/UK” saved.")).toBeVisible();
  await page.keyboard.press("Escape");
  // Saving started nothing.
  expect(await getNumbers(sim, "ot")).toHaveLength(0);

  const quickBuys = page.getByTestId("quick-buys");
  await quickBuys.getByRole("button", { name: "Start quick buy Other RU/UK" }).click();
  await expect(page.getByText("Smart buy started.")).toBeVisible();
  const [buy] = await queryDb<{ id: string }>("SELECT id FROM smart_buys WHERE service = 'ot' ORDER BY created_at DESC LIMIT 1");
  const item = page.getByTestId(`smart-buy-${buy?.id}`);
  await expect(item.getByTestId("smart-buy-state")).toHaveText("Bought");
  await expect(item.getByTestId("smart-buy-attempts").locator("li")).toHaveText(["1. Russia: bought"]);
  expect((await getNumbers(sim, "ot")).map((r) => r.country)).toEqual(["0"]);

  await quickBuys.getByRole("button", { name: "Delete quick buy Other RU/UK" }).click();
  await expect(page.getByRole("button", { name: "Start quick buy Other RU/UK" })).toHaveCount(0);
  const audit = await queryDb<{ action: string }>(
    "SELECT action FROM audit_log WHERE action IN ('quickBuy.save', 'quickBuy.delete', 'smartBuy.start') AND detail LIKE ?",
    ["%Other RU/UK%"],
  );
  expect(audit.map((a) => a.action).sort()).toEqual(["quickBuy.delete", "quickBuy.save"]);
});

test("Buy again on a row orders one more number of the same service and country", async ({ sim, activations, page }) => {
  const { id } = await sim.createActivation("ot", "16");
  await activations.goto();
  await expect(activations.row(id)).toBeVisible();
  const before = await getNumbers(sim, "ot", "16");
  const ours = () => queryDb<{ id: string }>("SELECT id FROM activations WHERE service = 'ot' AND country_code = '16' AND id <> ? ORDER BY purchased_at", [id]);
  const rowsBefore = (await ours()).length;
  const buyAgain = activations.row(id).getByRole("button", { name: "Buy again: Other, United Kingdom" });
  await buyAgain.click();
  await expect(page.getByText(/^Bought \d+\.$/)).toBeVisible();
  expect(await getNumbers(sim, "ot", "16")).toHaveLength(before.length + 1);
  const rows = await ours();
  expect(rows).toHaveLength(rowsBefore + 1);
  await expect(activations.row(rows.at(-1)?.id ?? "")).toBeVisible();
});
