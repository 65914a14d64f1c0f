import { expect, test } from "./fixtures";

// Issue 9, row shortcuts: j/k (and the arrows) move a visible row focus; f, a, c act on the
// focused row exactly as its buttons would (c asks first); y and n copy; a disabled action sends
// nothing and its reason is announced; nothing fires while typing.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("j/k move the row focus, and the focused row is announced", async ({
  sim,
  activations,
  page,
}) => {
  const older = await sim.createActivation("tg", "73");
  const newer = await sim.createActivation("wa", "73");
  await activations.goto();
  await expect(activations.row(newer.id)).toBeVisible();
  await expect(activations.focusedRow()).toHaveCount(0);

  // Newest first: the first j lands on the newer one.
  await page.keyboard.press("j");
  await expect(activations.row(newer.id)).toHaveAttribute("aria-selected", "true");
  await expect(activations.announcer()).toContainText(`+${newer.phone}, WhatsApp, Waiting for SMS`);
  await page.keyboard.press("ArrowDown");
  await expect(activations.row(older.id)).toHaveAttribute("aria-selected", "true");
  await expect(activations.row(newer.id)).not.toHaveAttribute("aria-selected", "true");
  await expect(activations.announcer()).toContainText(`+${older.phone}, Telegram`);
  await page.keyboard.press("k");
  await expect(activations.row(newer.id)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowUp");
  await expect(activations.row(newer.id)).toHaveAttribute("aria-selected", "true");
  await expect(activations.focusedRow()).toHaveCount(1);
});

test("f, a and c on a fresh number send nothing and say why", async ({
  sim,
  activations,
  page,
}) => {
  const { id, phone } = await sim.createActivation();
  await activations.goto();
  await expect(activations.row(id)).toBeVisible();
  await page.keyboard.press("j");
  await expect(activations.row(id)).toHaveAttribute("aria-selected", "true");

  await page.keyboard.press("f");
  await expect(activations.announcer()).toHaveText(/Finish: Available once a code arrives\./);
  await page.keyboard.press("a");
  await expect(activations.announcer()).toHaveText(/Another SMS: Available once a code arrives\./);
  // The same text as the disabled button's tooltip, countdown included; no confirmation asked.
  await page.keyboard.press("c");
  await expect(activations.announcer()).toHaveText(/Cancel: Cancel available in 1:[0-5]\d/);
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await page.waitForTimeout(500);
  expect(await sim.requests({ action: "setStatus", id })).toHaveLength(0);
  await expect(activations.status(id)).toHaveText("Waiting for SMS");
  expect(phone).toMatch(/^\d+$/);
});

test("y and n copy the focused row's latest code and number", async ({
  sim,
  activations,
  page,
}) => {
  const { id, phone } = await sim.createActivation();
  await activations.goto();
  // Imported first, so that j lands on it (the newest row).
  await expect(activations.row(id)).toBeVisible();
  await page.keyboard.press("j");
  await expect(activations.row(id)).toHaveAttribute("aria-selected", "true");

  await page.keyboard.press("y");
  await expect(activations.announcer()).toHaveText(
    new RegExp(`No code has arrived for \\+${phone} yet`),
  );

  await sim.deliverSms(id, "111222");
  await expect(activations.codes(id)).toContainText("111222");
  await page.keyboard.press("y");
  await expect(activations.announcer()).toHaveText(/Code 111222 copied\./);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("111222");

  await page.keyboard.press("n");
  await expect(activations.announcer()).toHaveText(new RegExp(`Number \\+${phone} copied\\.`));
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(phone);
});

test("a then f act on the focused row like its buttons: one setStatus each", async ({
  sim,
  activations,
  page,
}) => {
  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "565758");
  await activations.goto();
  await expect(activations.status(id)).toHaveText("Code received");
  await page.keyboard.press("j");
  await expect(activations.row(id)).toHaveAttribute("aria-selected", "true");

  await page.keyboard.press("a");
  await expect(activations.status(id)).toHaveText("Waiting for another SMS");
  await expect(activations.toast(`Another SMS requested for ${id}.`)).toBeVisible();
  // Now Another SMS is disabled: pressing it again sends nothing.
  await page.keyboard.press("a");
  await expect(activations.announcer()).toHaveText(
    /Another SMS: Already waiting for another SMS\./,
  );

  await page.keyboard.press("f");
  await expect(activations.status(id)).toHaveText("Finished");
  await expect(activations.toast(`Activation ${id} finished.`)).toBeVisible();
  expect((await sim.requests({ action: "setStatus", id })).map((c) => c.status)).toEqual([
    "3",
    "6",
  ]);
});

test("c asks first: Keep sends nothing, confirming cancels once", async ({
  sim,
  activations,
  page,
}) => {
  const { id } = await sim.createActivation();
  await sim.advanceClock(130);
  await activations.goto();
  await expect(activations.button(id, "Cancel")).toBeEnabled();
  await page.keyboard.press("j");
  await expect(activations.row(id)).toHaveAttribute("aria-selected", "true");

  await page.keyboard.press("c");
  const dialog = page.getByRole("dialog", { name: "Cancel this activation?" });
  await expect(dialog).toBeVisible();
  // Keys typed inside the dialog are the dialog's: no second dialog, no action.
  await page.keyboard.press("f");
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(dialog).toBeHidden();
  expect(await sim.requests({ action: "setStatus", id })).toHaveLength(0);

  await page.keyboard.press("c");
  await dialog.getByRole("button", { name: "Cancel activation" }).click();
  await expect(activations.status(id)).toHaveText("Cancelled");
  await expect(activations.toast(`Activation ${id} cancelled and refunded.`)).toBeVisible();
  expect((await sim.requests({ action: "setStatus", id })).map((c) => c.status)).toEqual(["8"]);
});

test("row shortcuts never fire while typing in the search box", async ({
  sim,
  activations,
  page,
}) => {
  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "909192");
  await activations.goto();
  await expect(activations.status(id)).toHaveText("Code received");
  await page.keyboard.press("j");
  await expect(activations.row(id)).toHaveAttribute("aria-selected", "true");

  const search = page.getByLabel("Search activations");
  await search.click();
  await page.keyboard.type("fakjy");
  await expect(search).toHaveValue("fakjy");
  await page.waitForTimeout(500);
  expect(await sim.requests({ action: "setStatus", id })).toHaveLength(0);
  await search.fill("");
  await expect(activations.status(id)).toHaveText("Code received");
});
