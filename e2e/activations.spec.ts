import { expect, test } from "./fixtures";
import { ActivationsPage } from "./pages/activations-page";
import { storageStateFor } from "./roles";

// The operator's core flows, in a real browser against a production build and the simulator.

test("an activation bought elsewhere appears in the open table without a reload", async ({ sim, activations }) => {
  await activations.goto();
  const { id, phone } = await sim.createActivation("wa", "73");
  await expect(activations.row(id)).toBeVisible();
  await expect(activations.row(id)).toContainText(`+${phone}`);
  await expect(activations.row(id)).toContainText("WhatsApp");
  await expect(activations.status(id)).toHaveText("Waiting for SMS");
});

test("finish after a code arrives", async ({ sim, activations }) => {
  const { id } = await sim.createActivation();
  await activations.goto();
  await expect(activations.button(id, "Finish")).toBeDisabled();
  await expect(activations.why(id, "finish")).toContainText("Available once a code arrives.");

  await sim.deliverSms(id, "482913", "Your Telegram code is 482913");
  await expect(activations.codes(id)).toContainText("482913");
  await expect(activations.status(id)).toHaveText("Code received");
  await expect(activations.button(id, "Cancel")).toBeDisabled();
  await expect(activations.why(id, "cancel")).toContainText("can no longer be cancelled");

  await activations.button(id, "Finish").click();
  await expect(activations.status(id)).toHaveText("Finished");
  await expect(activations.toast(`Activation ${id} finished.`)).toBeVisible();
  for (const name of ["Cancel", "Another SMS", "Finish"] as const) {
    await expect(activations.button(id, name)).toBeDisabled();
  }
  expect((await sim.activation(id)).state).toBe("finished");
  await expect(activations.row(id)).toContainText("Finish by operator@demo.local");
});

test("another SMS, then a second code, then finish", async ({ sim, activations }) => {
  const { id } = await sim.createActivation();
  await activations.goto();
  await sim.deliverSms(id, "111111");
  await expect(activations.codes(id)).toContainText("111111");

  await activations.button(id, "Another SMS").click();
  await expect(activations.status(id)).toHaveText("Waiting for another SMS");
  await expect(activations.button(id, "Another SMS")).toBeDisabled();
  await expect(activations.button(id, "Finish")).toBeEnabled();

  await sim.deliverSms(id, "222222");
  await expect(activations.codes(id)).toContainText("222222");
  await expect(activations.codes(id)).toContainText("111111");
  await expect(activations.status(id)).toHaveText("Code received");

  await activations.button(id, "Finish").click();
  await expect(activations.status(id)).toHaveText("Finished");
  const calls = await sim.requests({ action: "setStatus", id });
  expect(calls.map((c) => c.status)).toEqual(["3", "6"]);
});

test("cancel waits out the early-cancel window with a countdown, then cancels and refunds", async ({
  sim,
  activations,
}) => {
  const before = await sim.balance();
  const { id } = await sim.createActivation();
  const charged = await sim.balance();
  expect(charged).toBeLessThan(before);

  await activations.goto();
  await expect(activations.button(id, "Cancel")).toBeDisabled();
  await expect(activations.why(id, "cancel")).toContainText(/Cancel available in 1:[0-5]\d/);
  await expect(activations.why(id, "cancel")).toContainText(/Cancel available in 1:[0-5]\d/);

  await sim.advanceClock(130);
  await expect(activations.button(id, "Cancel")).toBeEnabled();
  await activations.button(id, "Cancel").click();
  await expect(activations.status(id)).toHaveText("Cancelled");
  await expect(activations.toast(`Activation ${id} cancelled and refunded.`)).toBeVisible();
  expect(await sim.balance()).toBeCloseTo(before, 5);
});

test("an expired activation has no enabled button", async ({ sim, activations }) => {
  const { id } = await sim.createActivation();
  await activations.goto();
  await expect(activations.status(id)).toHaveText("Waiting for SMS");
  await sim.advanceClock(21 * 60);
  await expect(activations.status(id)).toHaveText("Expired");
  for (const name of ["Cancel", "Another SMS", "Finish"] as const) {
    await expect(activations.button(id, name)).toBeDisabled();
  }
  await expect(activations.why(id, "cancel")).toContainText("expired and was refunded");
  expect(await sim.requests({ action: "setStatus", id })).toHaveLength(0);
});

test("a provider error token shows a clear message and leaves the row as it was", async ({
  sim,
  activations,
}) => {
  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "555000");
  await activations.goto();
  await expect(activations.status(id)).toHaveText("Code received");

  await sim.fault({ action: "setStatus", kind: "token", token: "ERROR_SQL" });
  await activations.button(id, "Finish").click();
  await expect(activations.toast(/The provider had an internal error/)).toBeVisible();
  await expect(activations.status(id)).toHaveText("Code received");
  await expect(activations.button(id, "Finish")).toBeEnabled();
  expect((await sim.activation(id)).state).toBe("code_received");
});

test("a double click and a second tab send one setStatus", async ({ sim, activations, context }) => {
  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "909090");
  await activations.goto();
  const other = await context.newPage();
  await other.goto("/activations");
  const otherFinish = other.getByTestId(`activation-${id}`).getByRole("button", { name: "Finish", exact: true });
  await expect(activations.button(id, "Finish")).toBeEnabled();
  await expect(otherFinish).toBeEnabled();

  // Slow the provider down so both clicks land while the first call is in flight, and keep the
  // second tab's view as it was, so its click is really sent (not disabled by its next poll).
  await sim.fault({ action: "setStatus", kind: "slow", delayMs: 1000 });
  const releaseOther = await new ActivationsPage(other).holdPolls();
  await Promise.all([activations.button(id, "Finish").dblclick(), otherFinish.click()]);
  await releaseOther();

  await expect(activations.status(id)).toHaveText("Finished");
  await expect(other.getByTestId(`activation-${id}`).getByTestId("status")).toHaveText("Finished");
  expect(await sim.requests({ action: "setStatus", id })).toHaveLength(1);
});

test("a lost answer shows checking until the server reconciles with getStatus", async ({
  sim,
  activations,
}) => {
  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "246810");
  await activations.goto();
  await expect(activations.status(id)).toHaveText("Code received");

  // The provider applies the finish but its answer never arrives in time, and so does the
  // first getStatus: the row must say "checking" until a later getStatus tells the truth.
  await sim.fault({ action: "setStatus", kind: "timeout", delayMs: 4000, apply: true });
  await sim.fault({ action: "getStatus", kind: "timeout", delayMs: 4000, apply: true, times: 2 });
  await activations.button(id, "Finish").click();
  await expect(activations.status(id)).toHaveText("Checking…");
  await expect(activations.toast(/did not answer/)).toBeVisible();
  await expect(activations.status(id)).toHaveText("Finished", { timeout: 15_000 });
  expect(await sim.requests({ action: "setStatus", id })).toHaveLength(1);
});

test("an order from the dialog buys one number and shows it", async ({ sim, activations, page }) => {
  await activations.goto();
  const before = await sim.balance();
  await page.getByRole("button", { name: "Order number" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Service").selectOption("ds");
  await dialog.getByLabel("Country").selectOption("16");
  await dialog.getByRole("button", { name: "Buy number" }).click();
  await expect(activations.toast(/Number \+\d+ ordered\./)).toBeVisible();
  await expect(dialog).toBeHidden();

  const orders = await sim.requests({ action: "getNumberV2" });
  const newest = await page.locator("[data-testid^='activation-']").first();
  await expect(newest).toContainText("Discord");
  expect(orders.length).toBeGreaterThan(0);
  expect(await sim.balance()).toBeLessThan(before);
  await expect(page.getByTestId("balance").first()).toContainText(/\$\d+\.\d\d/);
});

test("the page in Portuguese", async ({ sim, activations, page }) => {
  const { id } = await sim.createActivation();
  await activations.goto();
  await page.getByLabel("Language").selectOption("pt-BR");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ativações");
  await expect(activations.status(id)).toHaveText("Aguardando SMS");
  await expect(activations.row(id).getByRole("button", { name: "Cancelar" })).toBeDisabled();
  await expect(activations.why(id, "cancel")).toContainText(/Cancelamento disponível em \d:\d\d/);
  await expect(page.getByRole("button", { name: "Pedir número" })).toBeVisible();

  // Provider errors are translated too.
  await sim.deliverSms(id, "777777");
  await sim.fault({ action: "setStatus", kind: "token", token: "ERROR_SQL" });
  await activations.row(id).getByRole("button", { name: "Concluir" }).click();
  await expect(activations.toast(/provedor/i)).toBeVisible();

  await page.getByLabel("Idioma").selectOption("en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Activations");
});

test("two people pressing Finish and Another SMS at the same moment make one provider call and agree", async ({
  sim,
  activations,
  browser,
}) => {
  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "565656");
  const adminContext = await browser.newContext({ storageState: storageStateFor("admin") });
  const admin = new ActivationsPage(await adminContext.newPage());
  await Promise.all([activations.goto(), admin.goto()]);
  await expect(activations.button(id, "Finish")).toBeEnabled();
  await expect(admin.button(id, "Another SMS")).toBeEnabled();

  await sim.fault({ action: "setStatus", kind: "slow", delayMs: 800 });
  // Both views stay as they were until both clicks are sent (see holdPolls).
  const releases = await Promise.all([activations.holdPolls(), admin.holdPolls()]);
  await Promise.all([activations.button(id, "Finish").click(), admin.button(id, "Another SMS").click()]);
  for (const release of releases) await release();

  const calls = await expect
    .poll(async () => (await sim.requests({ action: "setStatus", id })).length, { timeout: 5000 })
    .toBe(1)
    .then(() => sim.requests({ action: "setStatus", id }));
  const expected = calls[0]?.status === "6" ? "Finished" : "Waiting for another SMS";
  await expect(activations.status(id)).toHaveText(expected);
  await expect(admin.status(id)).toHaveText(expected);
  // The one who lost the race was told why.
  await expect
    .poll(async () => (await activations.toast(/already in progress/).count()) + (await admin.toast(/already in progress/).count()))
    .toBe(1);
  await adminContext.close();
  expect(await sim.requests({ action: "setStatus", id })).toHaveLength(1);
});

test("the status filter narrows the table and survives a reload", async ({ sim, activations, page }) => {
  const waiting = await sim.createActivation();
  const coded = await sim.createActivation();
  await sim.deliverSms(coded.id, "424242");
  await activations.goto();
  await expect(activations.codes(coded.id)).toContainText("424242");

  await page.getByLabel("Show").selectOption("code_received");
  await expect(page).toHaveURL(/status=code_received/);
  await expect(activations.row(coded.id)).toBeVisible();
  await expect(activations.row(waiting.id)).toHaveCount(0);

  await page.reload();
  await expect(page.getByLabel("Show")).toHaveValue("code_received");
  await expect(activations.row(coded.id)).toBeVisible();
  await expect(activations.row(waiting.id)).toHaveCount(0);

  await page.getByLabel("Show").selectOption("waiting");
  await expect(activations.row(waiting.id)).toBeVisible();
  await expect(activations.row(coded.id)).toHaveCount(0);
});
