import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import { NO_COOKIES, storageStateFor } from "./roles";

// Accessibility: no serious or critical axe violations on the pages people use all day.

async function violations(page: import("@playwright/test").Page) {
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(result.passes.length, "axe checked the page").toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the sign-in page", async ({ browser }) => {
  const context = await browser.newContext({ storageState: NO_COOKIES });
  const page = await context.newPage();
  await page.goto("/sign-in");
  expect(await violations(page)).toEqual([]);
  await context.close();
});

test("the activations table, with rows in several states", async ({ sim, activations, page }) => {
  const coded = await sim.createActivation();
  await sim.createActivation();
  await sim.deliverSms(coded.id, "112233");
  await activations.goto();
  await expect(activations.codes(coded.id)).toContainText("112233");
  expect(await violations(page)).toEqual([]);
});

test.describe("admin pages", () => {
  test.use({ storageState: storageStateFor("admin") });
  for (const path of ["/keys", "/team", "/audit", "/profile"]) {
    test(path, async ({ page }) => {
      await page.goto(path);
      expect(await violations(page)).toEqual([]);
    });
  }
});
