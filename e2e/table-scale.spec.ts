import { API_KEY, expect, test } from "./fixtures";

// Issue 9: every activation reachable, the table virtualized. 300 activations bought "elsewhere"
// are imported by sync; the table renders only the rows near the viewport, and scrolling reaches
// every one, down to the oldest.

// The 300 stay waiting when the test ends: expiring them here (a clock jump) would hand sync 300
// status checks just when the next tests wait for their own rows to be imported.
const COUNT = 300;
const SIM_URL = process.env.E2E_SIM_URL ?? "http://127.0.0.1:3211";

/** An activation bought `ageSeconds` ago (the simulator's control API; e2e/sim.ts has no age). */
async function createAged(ageSeconds: number): Promise<{ id: string; phone: string }> {
  const response = await fetch(`${SIM_URL}/__sim/activations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      key: API_KEY,
      service: "tg",
      country: "73",
      autoSms: false,
      ageSeconds,
    }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return (await response.json()) as { id: string; phone: string };
}

test("300 active activations: all in the table, the oldest reached by scrolling", async ({
  sim,
  activations,
  page,
}) => {
  test.setTimeout(120_000);
  // 300 numbers at ~$0.32 each: top the account up first (other tests only compare balances).
  await sim.addKey(API_KEY, (await sim.balance()) + COUNT);
  const created: { id: string; phone: string }[] = [];
  for (let start = 0; start < COUNT; start += 25) {
    const batch = Array.from({ length: Math.min(25, COUNT - start) }, (_, i) =>
      // Oldest first, a second apart, so the order (newest first) is known.
      createAged(COUNT - (start + i)),
    );
    created.push(...(await Promise.all(batch)));
  }
  const oldest = created[0];
  const newest = created.at(-1);
  if (!oldest || !newest) throw new Error("nothing created");

  await activations.goto();
  await expect(activations.row(newest.id)).toBeVisible({ timeout: 30_000 });
  const table = page.getByRole("table", { name: "Activations" });
  // aria-rowcount tells screen readers the whole size (the header row included).
  await expect
    .poll(async () => Number(await table.getAttribute("aria-rowcount")), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(COUNT + 1);

  // Virtualized: a few dozen rows in the page, not 300.
  const rendered = await page.locator("[data-testid^='activation-']").count();
  expect(rendered).toBeLessThan(100);
  await expect(activations.row(oldest.id)).toHaveCount(0);

  const steps = await activations.scrollToRow(oldest.id);
  expect(steps).toBeGreaterThan(0);
  await expect(activations.row(oldest.id)).toBeVisible();
  await expect(activations.row(oldest.id)).toContainText(`+${oldest.phone}`);
  await expect(activations.status(oldest.id)).toHaveText("Waiting for SMS");
  // Its row index counts the rows above it, not only the rendered ones.
  const index = Number(await activations.row(oldest.id).getAttribute("aria-rowindex"));
  expect(index).toBeGreaterThan(COUNT / 2);
  // The newest is gone from the page now, and comes back when scrolled to.
  await expect(activations.row(newest.id)).toHaveCount(0);
  await page.getByTestId("activations-scroll").evaluate((el) => {
    el.scrollTop = 0;
  });
  await expect(activations.row(newest.id)).toBeVisible();
});
