import { SHORTCUTS } from "../app/(dashboard)/activations/_components/shortcuts";
import { expect, test } from "./fixtures";

// The page's own shortcuts: "/" search, "o" order, "?" the list. The row ones (j/k/f/a/c/y/n)
// have their own spec. None may fire while the user types.

test("'/' focuses the search box, and typing there fires no shortcut", async ({
  activations,
  page,
}) => {
  await activations.goto();
  const orderDialog = page.getByRole("dialog", { name: "Order a number" });
  const helpDialog = page.getByTestId("shortcuts-dialog");

  await page.keyboard.press("/");
  await expect(activations.searchBox()).toBeFocused();
  // The "/" that focused the box is not typed into it.
  await expect(activations.searchBox()).toHaveValue("");

  await page.keyboard.type("o?/o");
  await expect(activations.searchBox()).toHaveValue("o?/o");
  await expect(orderDialog).toHaveCount(0);
  await expect(helpDialog).toHaveCount(0);

  // Escape empties the box, a second one leaves it: then the page's keys work again.
  await page.keyboard.press("Escape");
  await expect(activations.searchBox()).toHaveValue("");
  await page.keyboard.press("Escape");
  await expect(activations.searchBox()).not.toBeFocused();
  await page.keyboard.press("?");
  await expect(helpDialog).toBeVisible();
});

test("'o' opens the order dialog; keys typed in it stay in its fields", async ({
  activations,
  page,
}) => {
  await activations.goto();
  const orderDialog = page.getByRole("dialog", { name: "Order a number" });

  await page.keyboard.press("o");
  await expect(orderDialog).toBeVisible();
  await page.getByLabel("Max price (USD, optional)").focus();
  await page.keyboard.press("?");
  await page.keyboard.press("/");
  await expect(page.getByTestId("shortcuts-dialog")).toHaveCount(0);
  await expect(orderDialog).toBeVisible();

  await page.keyboard.press("Escape");
  await expect(orderDialog).toHaveCount(0);
  // Closing hands focus back to the page, where "o" works again (a new order, a new dialog).
  await page.keyboard.press("o");
  await expect(orderDialog).toBeVisible();
});

test("'?' lists every shortcut with its keys; its button opens the same list", async ({
  activations,
  page,
}) => {
  await activations.goto();
  const helpDialog = page.getByTestId("shortcuts-dialog");

  await page.keyboard.press("?");
  await expect(helpDialog).toBeVisible();
  await expect(helpDialog.getByRole("heading", { name: "Keyboard shortcuts" })).toBeVisible();
  await expect(helpDialog.locator("dt")).toHaveCount(SHORTCUTS.length);
  for (const shortcut of SHORTCUTS) {
    const keys = helpDialog.getByTestId(`shortcut-${shortcut.id}`).locator("kbd");
    await expect(keys).toHaveCount(shortcut.keys.length);
  }
  await expect(helpDialog.getByTestId("shortcut-search")).toHaveText("/");
  await expect(helpDialog.getByTestId("shortcut-down")).toContainText("j");
  await expect(helpDialog.getByTestId("shortcut-down")).toContainText("↓");
  await expect(helpDialog).toContainText("Cancel the focused row (asks to confirm)");
  await expect(helpDialog).toContainText("Order a number");

  // Inside the open list, "o" opens nothing else.
  await page.keyboard.press("o");
  await expect(page.getByRole("dialog", { name: "Order a number" })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(helpDialog).toHaveCount(0);

  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(helpDialog).toBeVisible();
});
