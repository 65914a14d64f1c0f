import { expect, test } from "./fixtures";
import type { ActivationsPage } from "./pages/activations-page";

// The page's HTML carries only the first screen of rows (issue 9); the browser fetches the full
// set after hydration. These hold that fetch back to look at the moments before it lands.

type Recorded = { notifications: { title: string; body: string }[] };

/**
 * Opens the table until `id` is in (sync imported it), then again with the table's fetches held:
 * the page shows the server's first screen, and the full set waits for release().
 */
async function openHeld(
  activations: ActivationsPage,
  id: string,
  before?: () => Promise<void>,
): Promise<() => Promise<void>> {
  await activations.goto();
  await expect(activations.row(id)).toBeVisible();
  const release = await activations.holdPolls();
  await before?.();
  await activations.goto();
  await expect(activations.row(id)).toBeVisible();
  return release;
}

test("filters changed before the full set is in show a loading state, not the first screen's", async ({
  sim,
  activations,
  page,
}) => {
  const { id } = await sim.createActivation();
  const release = await openHeld(activations, id);
  // Select-all would take only the first screen's rows: off until the full set is in, saying why.
  const selectAllLoading = page.getByRole("checkbox", {
    name: "Select all is available once all activations have loaded",
  });
  await expect(selectAllLoading).toBeDisabled();

  await activations.searchBox().fill(id);
  await activations.searchBox().press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${id}`));
  // The first screen was built for no search: its rows and figures are another view's.
  await expect(page.getByText("Loading all activations…")).toBeVisible();
  await expect(activations.row(id)).toHaveCount(0);
  await expect(page.getByTestId("table-summary")).toHaveText("Loading…");
  await expect(page.locator("#status-filter option[data-count]")).toHaveCount(0);

  await release();
  await expect(activations.row(id)).toBeVisible();
  await expect(page.getByTestId("table-summary")).toContainText(/^1 of \d+/);
  await expect(selectAllLoading).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: /^Select all 1 activation/ })).toBeEnabled();
});

test("a code received while the full set loads alerts once it is in", async ({
  sim,
  activations,
  page,
  context,
}) => {
  await context.grantPermissions(["notifications"]);
  // Alerts on, and each notification's title and body kept instead of shown.
  await page.addInitScript(() => {
    localStorage.setItem("sms-desk:code-alerts", "on");
    const shown: Recorded["notifications"] = [];
    (window as unknown as { alerts: Recorded }).alerts = { notifications: shown };
    const record = function (this: unknown, title: string, options?: { body?: string }) {
      shown.push({ title, body: options?.body ?? "" });
    };
    Object.defineProperty(window, "Notification", {
      value: Object.assign(record, { permission: "granted" }),
    });
  });
  const { id, phone } = await sim.createActivation("wa", "73");
  const release = await openHeld(activations, id);

  // The code reaches our database after the server rendered the page (page.request is not held).
  await sim.deliverSms(id, "161803");
  await expect
    .poll(async () => {
      const body = (await (await page.request.get("/api/activations")).json()) as {
        activations: { id: string; codes: unknown[] }[];
      };
      return body.activations.find((a) => a.id === id)?.codes.length ?? 0;
    })
    .toBeGreaterThan(0);

  await release();
  await expect(activations.codes(id)).toContainText("161803");
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { alerts: Recorded }).alerts.notifications))
    .toContainEqual({ title: "Code 161803", body: `WhatsApp · +${phone}` });
});

test("before the first poll, countdowns use the server's clock, not a browser clock ahead", async ({
  sim,
  activations,
  page,
}) => {
  const { id } = await sim.createActivation();
  // Hours ahead: on this clock every activation would have run out.
  const release = await openHeld(activations, id, () =>
    page.clock.setFixedTime(Date.now() + 3 * 60 * 60_000),
  );
  // Long enough for the filter clock and the table's clock to have re-read the time.
  await page.waitForTimeout(1500);
  await expect(activations.status(id)).toHaveText("Waiting for SMS");
  await release();
});

test("a full read that lands late does not make the rows look younger than they are", async ({
  sim,
  activations,
  page,
}) => {
  const createdBy = Date.now();
  const { id } = await sim.createActivation();
  const created = Date.now();
  await activations.goto();
  await expect(activations.row(id)).toBeVisible();
  // The server reads its clock when it answers; the answer reaches the page 5 s later, as a big
  // full read can while the page hydrates on a busy machine. The skew must not take those 5 s as
  // the server's clock being behind.
  const LATE_MS = 5000;
  const polls = /\/api\/activations(\?|$)/;
  await page.route(polls, async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, LATE_MS));
    await route.fulfill({ response });
  });
  await activations.goto();
  await expect(activations.row(id)).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /^Select all \d+ activation/ })).toBeEnabled({
    timeout: LATE_MS + 10_000,
  });
  await page.unroute(polls);

  await page.keyboard.press("j");
  await expect(activations.row(id)).toHaveAttribute("aria-selected", "true");
  const pressedAt = Date.now();
  await page.keyboard.press("c");
  await expect(activations.announcer()).toHaveText(/Cancel: Cancel available in 1:[0-5]\d/);
  const shown = (await activations.announcer().textContent())?.match(/in 1:(\d\d)/);
  const secondsLeft = 60 + Number(shown?.[1]);
  // The early-cancel window is 120 s on the provider's clock. Date headers and activationTime
  // have whole seconds, so the app's age of the number may be off by up to a second either way.
  const youngest = (pressedAt - created) / 1000;
  const oldest = (Date.now() - createdBy) / 1000;
  expect(secondsLeft).toBeLessThanOrEqual(Math.ceil(120 - youngest + 1));
  expect(secondsLeft).toBeGreaterThanOrEqual(Math.floor(120 - oldest - 1));
});
