import { expect, test } from "./fixtures";

// Issue 9: under 640 px each activation is a card with its number, code, time left and the same
// three buttons, all within the screen: nothing scrolls sideways.

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

test("on a 390 px phone every card and its buttons fit the screen", async ({
  sim,
  activations,
  page,
}) => {
  const waiting = await sim.createActivation("tg", "73");
  const coded = await sim.createActivation("wa", "73");
  await sim.deliverSms(coded.id, "246801");
  await activations.goto();

  // Cards, not table rows, and never both.
  await expect(activations.row(coded.id)).toBeVisible();
  expect(await activations.row(coded.id).evaluate((el) => el.tagName)).toBe("ARTICLE");
  await expect(page.locator("table")).toHaveCount(0);
  await expect(activations.row(coded.id)).toContainText(`+${coded.phone}`);
  await expect(activations.codes(coded.id)).toContainText("246801");
  await expect(activations.row(waiting.id).getByTestId("time-left")).toHaveText(/^\d+:\d\d$/);

  const cards = page.locator("[data-testid^='activation-']");
  const count = await cards.count();
  expect(count).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < Math.min(count, 12); i++) {
    const card = cards.nth(i);
    await card.scrollIntoViewIfNeeded();
    for (const name of ["Cancel", "Another SMS", "Finish"]) {
      const box = await card.getByRole("button", { name, exact: true }).boundingBox();
      expect(box, `${name} of card ${i}`).not.toBeNull();
      if (!box) continue;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(box.height).toBeGreaterThanOrEqual(28);
    }
  }
  const overflow = await page.evaluate(() => {
    const el = document.scrollingElement as HTMLElement;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);

  // The buttons work as on the desktop.
  await activations.button(coded.id, "Finish").tap();
  await expect(activations.status(coded.id)).toHaveText("Finished");
  expect((await sim.requests({ action: "setStatus", id: coded.id })).map((c) => c.status)).toEqual([
    "6",
  ]);
  await expect(activations.why(waiting.id, "cancel")).toContainText(/Cancel available in/);
});
