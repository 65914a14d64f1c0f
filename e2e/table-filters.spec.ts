import { expect, test } from "./fixtures";
import type { Simulator } from "./sim";

// Search, filters, counts and sorting of the activation table, all kept in the URL. The suite
// shares one simulator, so each test tags its numbers with a prefix of its own and searches for
// it: that also shows the search applies together with every other filter.

/** An activation "bought elsewhere" with a chosen number and age (the control API allows both). */
async function buy(
  sim: Simulator,
  input: { service: string; country: string; phone: string; ageSeconds?: number },
): Promise<{ id: string; phone: string }> {
  const response = await fetch(`${sim.baseUrl}/__sim/activations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key: sim.apiKey, autoSms: false, ...input }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return (await response.json()) as { id: string; phone: string };
}

/** 8 digits no other test's number starts with (simulator numbers start with a country prefix). */
function uniquePrefix(): string {
  return `9${String(Date.now()).slice(-6)}${Math.floor(Math.random() * 10)}`;
}

test("search and each filter narrow the rows and the URL; a reload keeps them; counts match", async ({
  sim,
  activations,
  page,
}) => {
  const prefix = uniquePrefix();
  const a = await buy(sim, { service: "vk", country: "16", phone: `${prefix}01` });
  const b = await buy(sim, { service: "vk", country: "0", phone: `${prefix}02` });
  const c = await buy(sim, { service: "am", country: "16", phone: `${prefix}03` });
  const d = await buy(sim, { service: "vk", country: "16", phone: `${prefix}04` });
  await sim.deliverSms(d.id, "731904");
  await activations.goto();
  await expect(activations.codes(d.id)).toContainText("731904");

  // Search: by number (as people type it, with a "+").
  await activations.searchBox().fill(`+${prefix}`);
  await expect(page).toHaveURL(new RegExp(`[?&]q=%2B${prefix}`));
  await expect.poll(() => activations.visibleRowIds()).toEqual([d.id, c.id, b.id, a.id]);
  expect(await activations.stateCount("all")).toBe(4);
  expect(await activations.stateCount("waiting")).toBe(3);
  expect(await activations.stateCount("code_received")).toBe(1);
  expect(await activations.stateCount("active")).toBe(4);
  expect(await activations.stateCount("finished")).toBe(0);

  // Service: the counts follow the search and the other filters.
  await activations.filter("service").selectOption("vk");
  await expect(page).toHaveURL(/[?&]service=vk/);
  await expect.poll(() => activations.visibleRowIds()).toEqual([d.id, b.id, a.id]);
  expect(await activations.stateCount("all")).toBe(3);

  // Country.
  await activations.filter("country").selectOption("16");
  await expect(page).toHaveURL(/[?&]country=16/);
  await expect.poll(() => activations.visibleRowIds()).toEqual([d.id, a.id]);
  expect(await activations.stateCount("waiting")).toBe(1);
  expect(await activations.stateCount("code_received")).toBe(1);

  // State (the old ?status= parameter).
  await activations.filter("status").selectOption("code_received");
  await expect(page).toHaveURL(/[?&]status=code_received/);
  await expect.poll(() => activations.visibleRowIds()).toEqual([d.id]);
  await expect(page.getByTestId("table-summary")).toContainText(/^1 of \d/);

  // A reload (or a shared link) shows the same view.
  await page.reload();
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await expect(activations.searchBox()).toHaveValue(`+${prefix}`);
  await expect(activations.filter("service")).toHaveValue("vk");
  await expect(activations.filter("country")).toHaveValue("16");
  await expect(activations.filter("status")).toHaveValue("code_received");
  await expect.poll(() => activations.visibleRowIds()).toEqual([d.id]);

  // A code is searchable too; Clear drops every filter (and the parameters).
  await page.getByTestId("filter-clear").click();
  await expect(page).not.toHaveURL(/[?&](q|service|country|status)=/);
  await activations.searchBox().fill("731904");
  await expect(page).toHaveURL(/[?&]q=731904/);
  await expect.poll(() => activations.visibleRowIds()).toEqual([d.id]);
});

test("sort by time left and by purchase; 'mine' keeps the rows I acted on", async ({
  sim,
  activations,
  page,
}) => {
  const prefix = uniquePrefix();
  const fresh = await buy(sim, {
    service: "mm",
    country: "6",
    phone: `${prefix}11`,
    ageSeconds: 0,
  });
  const done = await buy(sim, {
    service: "mm",
    country: "6",
    phone: `${prefix}12`,
    ageSeconds: 60,
  });
  const middle = await buy(sim, {
    service: "mm",
    country: "6",
    phone: `${prefix}13`,
    ageSeconds: 300,
  });
  const old = await buy(sim, {
    service: "mm",
    country: "6",
    phone: `${prefix}14`,
    ageSeconds: 600,
  });
  await sim.deliverSms(done.id, "550055");
  await activations.goto();
  await activations.searchBox().fill(prefix);
  await expect
    .poll(() => activations.visibleRowIds())
    .toEqual([fresh.id, done.id, middle.id, old.id]);
  await activations.button(done.id, "Finish").click();
  await expect(activations.status(done.id)).toHaveText("Finished");

  // Least time left first; a finished row has none and goes last.
  await activations.filter("sort").selectOption("timeLeft");
  await expect(page).toHaveURL(/[?&]sort=timeLeft/);
  await expect
    .poll(() => activations.visibleRowIds())
    .toEqual([old.id, middle.id, fresh.id, done.id]);

  // Mine: the operator finished one of them; the others were bought elsewhere, untouched.
  await page.getByTestId("filter-mine").click();
  await expect(page.getByTestId("filter-mine")).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/[?&]mine=1/);
  await expect.poll(() => activations.visibleRowIds()).toEqual([done.id]);

  await page.reload();
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await expect(page.getByTestId("filter-mine")).toHaveAttribute("aria-pressed", "true");
  await expect(activations.filter("sort")).toHaveValue("timeLeft");
  await expect.poll(() => activations.visibleRowIds()).toEqual([done.id]);

  await page.getByTestId("filter-mine").click();
  await expect(page).not.toHaveURL(/[?&]mine=/);
  await expect
    .poll(() => activations.visibleRowIds())
    .toEqual([old.id, middle.id, fresh.id, done.id]);
  await activations.filter("sort").selectOption("purchased");
  await expect(page).not.toHaveURL(/[?&]sort=/);
  await expect
    .poll(() => activations.visibleRowIds())
    .toEqual([fresh.id, done.id, middle.id, old.id]);
});

test("an old ?status= link still filters", async ({ sim, activations, page }) => {
  const prefix = uniquePrefix();
  const waiting = await buy(sim, { service: "ds", country: "0", phone: `${prefix}21` });
  const coded = await buy(sim, { service: "ds", country: "0", phone: `${prefix}22` });
  await sim.deliverSms(coded.id, "909090");
  await activations.goto();
  await expect(activations.codes(coded.id)).toContainText("909090");

  await page.goto(`/activations?status=waiting&q=${prefix}`);
  await expect(activations.filter("status")).toHaveValue("waiting");
  await expect.poll(() => activations.visibleRowIds()).toEqual([waiting.id]);
});
