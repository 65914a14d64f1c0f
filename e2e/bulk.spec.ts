import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import type { ActivationsPage } from "./pages/activations-page";
import type { Simulator } from "./sim";

// Bulk Finish / Cancel on a mixed selection: the preview says which rows qualify and why the
// others do not, Confirm sends exactly one setStatus per qualifying row (the simulator's request
// log) and none for the others, and the dialog lists each row's outcome.

/** Ticks each row's checkbox ("Select activation <id> (+<phone>)"). */
async function select(activations: ActivationsPage, ids: string[]) {
  for (const id of ids) {
    const name = new RegExp(`^Select (activation )?${id}\\b`);
    const box = activations.row(id).getByRole("checkbox", { name });
    await box.check();
    await expect(box).toBeChecked();
  }
}

const setStatusCalls = async (sim: Simulator, ids: string[]) =>
  Object.fromEntries(
    await Promise.all(
      ids.map(async (id) => [id, (await sim.requests({ action: "setStatus", id })).length]),
    ),
  );

const bulkDialog = (page: Page, action: "Finish" | "Cancel") =>
  page.getByRole("dialog", { name: `${action} selected activations` });

test("bulk finish: only the rows with a code are sent, one call each, and each row's outcome is listed", async ({
  sim,
  activations,
  page,
}) => {
  const [a, b, waiting, done] = await Promise.all([
    sim.createActivation(),
    sim.createActivation(),
    sim.createActivation(),
    sim.createActivation(),
  ]).then((rows) => rows.map((r) => r.id) as [string, string, string, string]);
  for (const [id, code] of [
    [a, "111001"],
    [b, "111002"],
    [done, "111003"],
  ] as const)
    await sim.deliverSms(id, code);
  await activations.goto();
  await expect(activations.codes(done)).toContainText("111003");
  await activations.button(done, "Finish").click();
  await expect(activations.status(done)).toHaveText("Finished");
  await expect(activations.codes(a)).toContainText("111001");
  await expect(activations.codes(b)).toContainText("111002");
  await expect(activations.status(waiting)).toHaveText("Waiting for SMS");

  await select(activations, [a, waiting, b, done]);
  await page.getByRole("button", { name: "Finish selected (4)" }).click();
  const dialog = bulkDialog(page, "Finish");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("2 of 4 selected qualify");
  const eligible = dialog.getByRole("list", { name: "Will be finished (2)" });
  await expect(eligible.getByRole("listitem")).toHaveCount(2);
  await expect(eligible).toContainText(a);
  await expect(eligible).toContainText(b);
  const skipped = dialog.getByRole("list", { name: "Left out (2)" });
  await expect(skipped.getByTestId(`bulk-skipped-${waiting}`)).toContainText(
    "Available once a code arrives.",
  );
  await expect(skipped.getByTestId(`bulk-skipped-${done}`)).toContainText(
    "This activation is finished.",
  );

  const before = await setStatusCalls(sim, [a, b, waiting, done]);
  expect(before).toEqual({ [a]: 0, [b]: 0, [waiting]: 0, [done]: 1 });
  await dialog.getByRole("button", { name: "Finish 2" }).click();

  const results = dialog.getByRole("list", { name: "Results" });
  await expect(results.getByRole("listitem")).toHaveCount(2);
  await expect(results.getByTestId(`bulk-results-${a}`)).toContainText("Finished");
  await expect(results.getByTestId(`bulk-results-${b}`)).toContainText("Finished");
  await expect(dialog.getByRole("status")).toHaveText("2 done, 0 not done.");
  // Focus moved to the outcome, so keyboard and screen-reader users land on it.
  await expect(dialog.getByRole("heading", { name: "Results" })).toBeFocused();

  expect(await setStatusCalls(sim, [a, b, waiting, done])).toEqual({
    [a]: 1,
    [b]: 1,
    [waiting]: 0,
    [done]: 1,
  });
  expect((await sim.activation(a)).state).toBe("finished");
  expect((await sim.activation(b)).state).toBe("finished");
  expect((await sim.activation(waiting)).state).toBe("waiting");

  await dialog.getByRole("button", { name: "Close" }).first().click();
  await expect(dialog).toBeHidden();
  await expect(activations.status(a)).toHaveText("Finished");
  await expect(activations.status(b)).toHaveText("Finished");
  await expect(activations.row(a)).toContainText("Finish by operator@demo.local");
});

test("bulk cancel: early and answered rows are left out with their reasons; a provider error is that row's alone", async ({
  sim,
  activations,
  page,
}) => {
  const [old1, old2] = [(await sim.createActivation()).id, (await sim.createActivation()).id];
  await sim.advanceClock(130);
  const fresh = (await sim.createActivation()).id;
  const answered = (await sim.createActivation()).id;
  await sim.deliverSms(answered, "222001");
  await activations.goto();
  // The table follows the provider's clock: the old rows are past the early-cancel window.
  await expect(activations.button(old1, "Cancel")).toBeEnabled();
  await expect(activations.button(old2, "Cancel")).toBeEnabled();
  await expect(activations.codes(answered)).toContainText("222001");

  await select(activations, [old1, fresh, old2, answered]);
  await page.getByRole("button", { name: "Cancel selected (4)" }).click();
  const dialog = bulkDialog(page, "Cancel");
  const eligible = dialog.getByRole("list", { name: "Will be cancelled and refunded (2)" });
  await expect(eligible.getByRole("listitem")).toHaveCount(2);
  const skipped = dialog.getByRole("list", { name: "Left out (2)" });
  await expect(skipped.getByTestId(`bulk-skipped-${fresh}`)).toContainText(
    /Cancel available in 1:[0-5]\d/,
  );
  await expect(skipped.getByTestId(`bulk-skipped-${answered}`)).toContainText(
    "A code has arrived: the number can no longer be cancelled.",
  );

  // The provider refuses the first call that reaches it: that row fails, the other goes through.
  await sim.fault({ action: "setStatus", kind: "token", token: "ERROR_SQL" });
  await dialog.getByRole("button", { name: "Cancel 2" }).click();
  const results = dialog.getByRole("list", { name: "Results" });
  await expect(results.getByRole("listitem")).toHaveCount(2);
  await expect(dialog.getByRole("status")).toHaveText("1 done, 1 not done.");
  await expect(results.locator("[data-ok=true]")).toContainText("Cancelled and refunded");
  await expect(results.locator("[data-ok=false]")).toContainText(
    "The provider had an internal error",
  );

  const calls = await setStatusCalls(sim, [old1, old2, fresh, answered]);
  expect(calls).toEqual({ [old1]: 1, [old2]: 1, [fresh]: 0, [answered]: 0 });
  const states = [(await sim.activation(old1)).state, (await sim.activation(old2)).state].sort();
  expect(states).toEqual(["cancelled", "waiting"]);

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});
