import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export type Theme = "light" | "dark";
export const THEMES: readonly Theme[] = ["light", "dark"];

/** Serious and critical axe (WCAG 2 A/AA) violations, once the page is hydrated in `theme`. */
export async function axeViolations(page: Page, theme: Theme): Promise<string[]> {
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  // The page really is in this theme (else a "dark" run would quietly check the light one).
  await expect(page.locator("html")).toHaveClass(new RegExp(`(^|\\s)${theme}(\\s|$)`));
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(result.passes.length, "axe checked the page").toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
