import fs from "node:fs";
import type { Page } from "@playwright/test";
import { queryDb } from "./db";
import { API_KEY, expect, test } from "./fixtures";
import type { Simulator } from "./sim";

// /history: ended activations of any age, paged on the server, searchable and filterable in the
// URL, exported as CSV. The rows end the real way: bought at the simulator (phones with a prefix
// of this run, so other specs' rows never mix in), imported by sync, then expired by the
// provider's clock (sync's getStatus records the end) or finished through the table.

const EXPIRED = 55;
const tag = String(Date.now() % 10_000).padStart(4, "0");
const prefix = `6289${tag}`;

/** An activation bought elsewhere with this phone, `ageSeconds` into its 1,200 s lifetime. */
async function buy(sim: Simulator, phone: string, ageSeconds = 0): Promise<string> {
  const response = await fetch(`${sim.baseUrl}/__sim/activations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      key: API_KEY,
      service: "ds",
      country: "6",
      phone,
      autoSms: false,
      ageSeconds,
    }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return ((await response.json()) as { id: string }).id;
}

async function rowsWithPrefix(state?: string): Promise<number> {
  const rows = await queryDb<{ n: number }>(
    `SELECT count(*) AS n FROM activations WHERE phone LIKE ?${state ? " AND state = ?" : ""}`,
    state ? [`${prefix}%`, state] : [`${prefix}%`],
  );
  return Number(rows[0]?.n ?? 0);
}

const rowIds = (page: Page) =>
  page
    .getByTestId("history-row")
    .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.id ?? ""));

test.describe.configure({ mode: "serial" });

let expiredIds: string[] = [];
let finishedId = "";

test("ended activations reach the history: expired by the provider, finished in the table", async ({
  sim,
  activations,
  page,
}) => {
  test.setTimeout(120_000);
  if ((await sim.balance()) < 20) await sim.addKey(API_KEY, 100);
  // 20 s before the end of their lifetime: time for sync to import them, then the clock ends them.
  expiredIds = [];
  for (let i = 0; i < EXPIRED; i++)
    expiredIds.push(await buy(sim, `${prefix}${String(i).padStart(3, "0")}`, 1180));
  await expect.poll(() => rowsWithPrefix(), { timeout: 30_000 }).toBe(EXPIRED);
  await sim.advanceClock(60);
  await expect.poll(() => rowsWithPrefix("expired"), { timeout: 45_000 }).toBe(EXPIRED);

  finishedId = await buy(sim, `${prefix}999`);
  await activations.goto();
  await sim.deliverSms(finishedId, "735194", "Your Discord code is 735194");
  await expect(activations.codes(finishedId)).toContainText("735194");
  await activations.button(finishedId, "Finish").click();
  await expect(activations.status(finishedId)).toHaveText("Finished");

  await page.getByRole("link", { name: "History", exact: true }).click();
  await expect(page).toHaveURL(/\/history$/);
  const finished = page.locator(`[data-testid='history-row'][data-id='${finishedId}']`);
  await expect(finished).toContainText(`+${prefix}999`);
  await expect(finished).toContainText("Discord");
  await expect(finished).toContainText("Indonesia");
  await expect(finished.getByTestId("history-status")).toHaveText("Finished");
  await expect(finished.getByTestId("history-codes")).toHaveText("735194");
  await expect(finished).toContainText("Finish by operator@demo.local");
});

test("pages of 50 across the whole search, every row once, positions in the URL", async ({
  page,
}) => {
  await page.goto(`/history?q=${prefix}`);
  const range = page.getByTestId("history-range");
  await expect(range).toHaveText("1–50 of 56");
  const first = await rowIds(page);
  expect(first).toHaveLength(50);
  // Newest first: the finished one was bought last.
  expect(first[0]).toBe(finishedId);

  await page.getByRole("link", { name: "Older", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix}.*[&?]after=`));
  await expect(range).toHaveText("51–56 of 56");
  const second = await rowIds(page);
  expect(new Set([...first, ...second])).toEqual(new Set([...expiredIds, finishedId]));
  await expect(page.getByRole("button", { name: "Older", exact: true })).toBeDisabled();

  await page.getByRole("link", { name: "Newer", exact: true }).click();
  await expect(range).toHaveText("1–50 of 56");
  expect(await rowIds(page)).toEqual(first);

  await page.getByRole("link", { name: "Oldest", exact: true }).click();
  await expect(page).toHaveURL(/[?&]last=1/);
  await expect(range).toHaveText("7–56 of 56");
  expect(await rowIds(page)).toEqual([...first.slice(6), ...second]);
});

test("search and filters from the form land in the URL and survive a reload", async ({ page }) => {
  await page.goto("/history");
  await page.getByRole("searchbox", { name: "Search" }).fill(prefix);
  await page.getByLabel("Status", { exact: true }).selectOption("finished");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix}.*&status=finished`));
  expect(await rowIds(page)).toEqual([finishedId]);

  await page.reload();
  expect(await rowIds(page)).toEqual([finishedId]);
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("finished");

  // The code finds the row; "mine" keeps what this operator ordered or last acted on.
  await page.goto("/history?q=735194");
  expect(await rowIds(page)).toEqual([finishedId]);
  await page.goto(`/history?q=${prefix}&mine=1`);
  expect(await rowIds(page)).toEqual([finishedId]);
  await page.goto(`/history?q=${prefix}&status=expired&country=6&service=ds`);
  await expect(page.getByTestId("history-range")).toHaveText("1–50 of 55");

  await page.goto("/history?status=open");
  // Filtered: Next.js's route announcer is an alert too.
  await expect(
    page.getByRole("alert").filter({ hasText: "Status: finished, cancelled or expired." }),
  ).toBeVisible();
  await expect(page.getByTestId("history-row")).toHaveCount(0);
});

test("Export CSV downloads the whole filtered history, not just the page", async ({ page }) => {
  await page.goto(`/history?q=${prefix}`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const text = fs.readFileSync(file, "utf8");
  const lines = text.split("\r\n").filter(Boolean);
  expect(lines[0]).toBe(
    "activation_id,key,number,service,country_code,country,status,codes,cost,currency,purchased_at,ended_at,last_action,last_actor,ordered_by",
  );
  expect(lines).toHaveLength(1 + 56);
  expect(new Set(lines.slice(1).map((line) => line.split(",")[0]))).toEqual(
    new Set([...expiredIds, finishedId]),
  );
  const finished = lines.find((line) => line.startsWith(`${finishedId},`));
  expect(finished).toMatch(
    new RegExp(`^${finishedId},[^,]+,${prefix}999,ds,6,Indonesia,finished,735194,`),
  );
  expect(finished).toContain(",finish,operator@demo.local,");
  expect(text).not.toContain(API_KEY);

  const response = await page.request.get(`/api/history/export?q=${prefix}&status=finished`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers()["content-disposition"]).toMatch(
    /^attachment; filename="sms-desk-history-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  expect((await response.text()).split("\r\n").filter(Boolean)).toHaveLength(2);
});
