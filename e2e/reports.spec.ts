import fs from "node:fs";
import type { Page } from "@playwright/test";
import { axeViolations, THEMES } from "./axe";
import { queryDb } from "./db";
import { expect, test } from "./fixtures";
import { ActivationsPage } from "./pages/activations-page";
import { storageStateFor } from "./roles";
import type { Simulator } from "./sim";

// /reports against the simulator: a key of this run's own (so no other spec's rows count), five
// numbers bought with it (three elsewhere, found by sync, and two ordered here), a code on two,
// one cancelled. The page's totals, its member grouping and its CSV must say exactly that.

const tag = `${Date.now() % 1_000_000}`;
const SECRET = `REPORTS-KEY-${tag}-rpt9`;
const KEY_NAME = `Reports ${tag}`;
const DAY = 24 * 60 * 60_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
// Wide: the simulator's clock (which dates purchases) may have been moved on by earlier specs.
const RANGE = `from=${day(-60)}&to=${day(60)}`;

test.describe.configure({ mode: "serial" });
test.use({ storageState: storageStateFor("admin") });

/** A number bought elsewhere with this run's key, `ageSeconds` into its lifetime. */
async function buyElsewhere(sim: Simulator, service: string, country: string, ageSeconds = 0) {
  const response = await fetch(`${sim.baseUrl}/__sim/activations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key: SECRET, service, country, autoSms: false, ageSeconds }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return (await response.json()) as { id: string; cost: number };
}

async function simCost(sim: Simulator, id: string): Promise<number> {
  const response = await fetch(`${sim.baseUrl}/__sim/activations/${id}`);
  return ((await response.json()) as { cost: number }).cost;
}

async function keyId(): Promise<string> {
  const rows = await queryDb<{ id: string }>("SELECT id FROM provider_keys WHERE name = ? AND deleted_at IS NULL", [KEY_NAME]);
  expect(rows).toHaveLength(1);
  return rows[0]?.id ?? "";
}

const rowsOfKey = async (id: string) =>
  queryDb<{ id: string; state: string; codes: string; origin: string }>(
    "SELECT id, state, codes, origin FROM activations WHERE key_id = ?",
    [id],
  );

async function orderHere(page: Page) {
  await page.getByRole("button", { name: "Order number" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Key", { exact: true }).selectOption({ label: KEY_NAME });
  await dialog.getByLabel("Service", { exact: true }).selectOption("ds");
  await dialog.getByLabel("Country", { exact: true }).selectOption("16");
  await dialog.getByRole("button", { name: "Buy number" }).click();
  await expect(dialog).toBeHidden();
}

let expected = { spend: 0, keyId: "" };

test("a report's totals match the numbers bought, cancelled and coded in the test, on the page and in the CSV", async ({
  page,
  sim,
}) => {
  test.setTimeout(120_000);
  await sim.addKey(SECRET, 50);
  await page.goto("/keys");
  await page.getByRole("button", { name: "Add key" }).click();
  const keyDialog = page.getByRole("dialog");
  await keyDialog.getByLabel("Key name").fill(KEY_NAME);
  await keyDialog.getByLabel("Provider").selectOption("simulator");
  await keyDialog.getByLabel("API key").fill(SECRET);
  await keyDialog.getByRole("button", { name: "Save key" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Key saved." })).toBeVisible();
  const key = await keyId();

  // Bought elsewhere: one old enough to cancel at once, one that gets a code, one left waiting.
  const toCancel = await buyElsewhere(sim, "tg", "73", 300);
  const coded = await buyElsewhere(sim, "tg", "73");
  const waiting = await buyElsewhere(sim, "ds", "6");
  // Ordered here by the admin: one gets a code.
  const activations = new ActivationsPage(page);
  await activations.goto();
  await orderHere(page);
  await orderHere(page);
  await expect.poll(async () => (await rowsOfKey(key)).length, { timeout: 30_000 }).toBe(5);
  const ordered = (await rowsOfKey(key)).filter((r) => r.origin === "order").map((r) => r.id);
  expect(ordered).toHaveLength(2);

  await sim.deliverSms(coded.id, "314159");
  await sim.deliverSms(ordered[0] ?? "", "271828");
  // Earlier specs leave over a hundred rows: this key's five fit on screen (the table is virtual).
  await page.goto(`/activations?key=${key}`);
  await expect(activations.button(toCancel.id, "Cancel")).toBeEnabled({ timeout: 15_000 });
  await activations.button(toCancel.id, "Cancel").click();
  await expect(activations.status(toCancel.id)).toHaveText("Cancelled");
  await expect
    .poll(async () => (await rowsOfKey(key)).filter((r) => r.codes !== "[]").length, { timeout: 30_000 })
    .toBe(2);

  const costs = [coded.cost, waiting.cost, ...(await Promise.all(ordered.map((id) => simCost(sim, id))))];
  expected = { spend: costs.reduce((a, b) => a + b, 0), keyId: key };

  // The form: the key picked from the list, grouped by member.
  await page.goto(`/reports?${RANGE}`);
  await page.locator("#report-key").selectOption({ label: KEY_NAME });
  await page.getByRole("checkbox", { name: "Service" }).uncheck();
  await page.getByRole("checkbox", { name: "Member" }).check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`key=${key}`));
  await expect(page).toHaveURL(/by=member/);

  await expect(page.getByTestId("report-total-bought")).toHaveText("5");
  await expect(page.getByTestId("report-total-code-share")).toHaveText("40%");
  await expect(page.getByTestId("report-total-refunds")).toHaveText("1");
  await expect(page.getByTestId("report-total-spend")).toHaveText(`$${expected.spend.toFixed(2)}`);
  await expect(page.getByTestId("report-total-median")).toHaveText(/^\d+ (s|min \d+ s)$/);
  const rows = page.getByTestId("report-row");
  await expect(rows).toHaveCount(2);
  const outside = rows.filter({ hasText: "Outside SMS Desk" });
  await expect(outside.locator("[data-col='bought']")).toHaveText("3");
  await expect(outside.locator("[data-col='refunds']")).toHaveText("1");
  await expect(outside.locator("[data-col='code-share']")).toHaveText("33.3%");
  const mine = rows.filter({ hasText: "admin@demo.local" });
  await expect(mine.locator("[data-col='bought']")).toHaveText("2");
  await expect(mine.locator("[data-col='code-share']")).toHaveText("50%");
  await expect(page.getByTestId("report-totals-row").locator("[data-col='bought']")).toHaveText("5");
  // The chart and its text equivalent for screen readers.
  await expect(page.getByRole("figure", { name: "Spend per day" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Numbers bought per group" }).getByRole("row")).toHaveCount(3);
  // The a11y spec sees the page empty (it runs first, on a fresh stack): here it has a chart and groups.
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    expect(await axeViolations(page, theme)).toEqual([]);
  }

  // The CSV says the same.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const lines = fs.readFileSync(await (await download).path(), "utf8").split("\r\n").filter(Boolean);
  expect(lines[0]).toBe(
    "member,numbers_bought,with_code,code_share,median_seconds_to_first_code,refunds,spend_USD,refunded_amount_USD",
  );
  expect(lines).toHaveLength(4);
  const total = (lines[3] ?? "").split(",");
  expect(total.slice(0, 4)).toEqual(["Total", "5", "2", "0.4"]);
  expect(Number(total[4])).toBeGreaterThan(0);
  expect(total[5]).toBe("1");
  expect(Number(total[6])).toBeCloseTo(expected.spend, 6);
  expect(Number(total[7])).toBeCloseTo(toCancel.cost, 6);
  expect(lines.find((l) => l.startsWith("Outside SMS Desk,"))).toMatch(/^Outside SMS Desk,3,1,0\.3333,/);
  expect(lines.find((l) => l.startsWith("admin@demo.local,"))).toMatch(/^admin@demo\.local,2,1,0\.5,/);
});

test("grouped by service and country, the groups add up to the same totals", async ({ page }) => {
  await page.goto(`/reports?${RANGE}&key=${expected.keyId}&by=service,country`);
  const rows = page.getByTestId("report-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: "Telegram" }).locator("[data-col='bought']")).toHaveText("2");
  await expect(rows.filter({ hasText: "United Kingdom" }).locator("[data-col='bought']")).toHaveText("2");
  await expect(rows.filter({ hasText: "Indonesia" }).locator("[data-col='bought']")).toHaveText("1");
  await expect(page.getByTestId("report-total-spend")).toHaveText(`$${expected.spend.toFixed(2)}`);
});

test("a bad date range is refused with a clear message, on the page and by the export", async ({ page }) => {
  await page.goto("/reports?from=2026-03-05&to=2026-03-01");
  await expect(
    page.getByRole("alert").filter({ hasText: "From must not be after To, and one report covers at most 367 days." }),
  ).toBeVisible();
  await expect(page.getByLabel("From")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("report-table")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);

  await page.goto("/reports?from=2026-02-30&by=phone");
  await expect(page.getByRole("alert").filter({ hasText: "From: a date as YYYY-MM-DD." })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Group by: service, country, member or key" })).toBeVisible();

  const response = await page.request.get("/api/reports/export?from=2026-03-05&to=2026-03-01");
  expect(response.status()).toBe(400);
  expect(((await response.json()) as { error: { message: string } }).error.message).toContain("From must not be after To");
});

test.describe("an operator", () => {
  test.use({ storageState: storageStateFor("operator") });

  test("cannot open /reports nor export it, and has no link to it", async ({ page }) => {
    await page.goto(`/reports?${RANGE}`);
    await expect(page.getByRole("alert").filter({ hasText: /admin/i })).toBeVisible();
    await expect(page.getByTestId("report-total-bought")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Reports" })).toHaveCount(0);
    const response = await page.request.get(`/api/reports/export?${RANGE}`);
    expect(response.status()).toBe(403);
    expect(await response.text()).not.toContain("numbers_bought");
  });
});
