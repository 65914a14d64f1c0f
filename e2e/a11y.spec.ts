import { axeViolations, THEMES } from "./axe";
import { expect, test } from "./fixtures";
import { NO_COOKIES, storageStateFor } from "./roles";

// Accessibility: no serious or critical axe violations on the pages people use all day, in the
// light and in the dark theme (contrast is checked per theme: the tokens differ). The theme comes
// from the emulated system preference, which the app follows until someone picks one
// (e2e/theme.spec.ts covers the switch itself).

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });

    test("the sign-in page", async ({ browser }) => {
      const context = await browser.newContext({ storageState: NO_COOKIES, colorScheme: theme });
      const page = await context.newPage();
      await page.goto("/sign-in");
      expect(await axeViolations(page, theme)).toEqual([]);
      await context.close();
    });

    test("the activations table, with rows in several states and a disabled button's tooltip", async ({
      sim,
      activations,
      page,
    }) => {
      const coded = await sim.createActivation();
      const waiting = await sim.createActivation();
      await sim.deliverSms(coded.id, "112233");
      await activations.goto();
      await expect(activations.codes(coded.id)).toContainText("112233");
      // Finish waits for a code: disabled, with a tooltip that says so (checked while open).
      await expect(activations.button(waiting.id, "Finish")).toBeDisabled();
      await activations.why(waiting.id, "finish").hover();
      await expect(page.getByRole("tooltip")).toBeVisible();
      expect(await axeViolations(page, theme)).toEqual([]);
    });

    test.describe("the other pages, as an admin sees them", () => {
      test.use({ storageState: storageStateFor("admin") });
      for (const path of ["/keys", "/team", "/audit", "/profile", "/history", "/reports"]) {
        test(path, async ({ page }) => {
          await page.goto(path);
          expect(await axeViolations(page, theme)).toEqual([]);
        });
      }
    });
  });
}
