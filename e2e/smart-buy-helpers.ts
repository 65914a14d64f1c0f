import { expect, type Locator, type Page } from "@playwright/test";

/** Opens "Keep trying…" on /activations and fills the simulator key, the service and the countries, in order. */
export async function openKeepTrying(page: Page, service: string, countries: string[]): Promise<Locator> {
  await page.goto("/activations");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await page.getByRole("button", { name: "Keep trying…" }).click();
  const dialog = page.getByRole("dialog", { name: "Keep trying to buy" });
  // Other specs may leave the team a second key: use the simulator's demo key.
  const key = dialog.getByLabel("Key", { exact: true });
  if (await key.isVisible()) await key.selectOption({ label: "Simulator" });
  await dialog.getByLabel("Service").selectOption(service);
  for (const country of countries) {
    await dialog.getByLabel("Country", { exact: true }).selectOption(country);
    await dialog.getByRole("button", { name: "Add country" }).click();
  }
  return dialog;
}
