import { expect, test } from "./fixtures";

// Issue 9, selection for the bulk actions: row checkboxes, shift-click for a range, the header
// checkbox for everything matching the filter (not only the rows on screen), and a bar with the
// count above the table.

test("shift-click selects a range, the header checkbox selects every matching row", async ({
  sim,
  activations,
  page,
}) => {
  const rows = [];
  for (let i = 0; i < 4; i++) rows.push(await sim.createActivation());
  const [oldest, second, third, newest] = rows.map((r) => r.id) as [string, string, string, string];
  await activations.goto();
  // Sync may still be busy with the rows of the test before (300 of them in table-scale).
  await expect(activations.row(newest)).toBeVisible({ timeout: 30_000 });
  await expect(activations.row(oldest)).toBeVisible();
  await expect(activations.selectionBar()).toHaveCount(0);

  // Newest first: newest, third, second, oldest. Click the newest, shift-click the second.
  await activations.checkbox(newest).click();
  await expect(activations.selectionBar()).toContainText("1 activation selected");
  await activations.checkbox(second).click({ modifiers: ["Shift"] });
  await expect(activations.selectionBar()).toContainText("3 activations selected");
  for (const id of [newest, third, second]) await expect(activations.checkbox(id)).toBeChecked();
  await expect(activations.checkbox(oldest)).not.toBeChecked();

  // Shift-click on a checked row clears the range back to the last one clicked.
  await activations.checkbox(third).click({ modifiers: ["Shift"] });
  await expect(activations.checkbox(third)).not.toBeChecked();
  await expect(activations.checkbox(second)).not.toBeChecked();
  await expect(activations.selectionBar()).toContainText("1 activation selected");

  // The header checkbox: all rows the table holds, rendered or not.
  const total =
    Number(await page.getByRole("table", { name: "Activations" }).getAttribute("aria-rowcount")) -
    1;
  const all = page.getByRole("checkbox", {
    name: /^Select all .* activations that match the filter$/,
  });
  await all.click();
  await expect(activations.selectionBar()).toContainText(
    `${total.toLocaleString("en-US")} activation${total === 1 ? "" : "s"} selected`,
  );
  await expect(all).toBeChecked();
  await all.click();
  await expect(activations.selectionBar()).toHaveCount(0);

  // Clear selection empties it and hides the bar.
  await activations.checkbox(oldest).click();
  await activations.checkbox(newest).click();
  await expect(activations.selectionBar()).toContainText("2 activations selected");
  await page.getByRole("button", { name: "Clear selection" }).click();
  await expect(activations.selectionBar()).toHaveCount(0);
});
