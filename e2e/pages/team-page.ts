import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import { NO_COOKIES } from "../roles";

/** /team as an admin sees it: add people, create a team, the pending invitations. */
export class TeamPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/team");
    await expect(this.page.locator("html[data-hydrated]")).toHaveCount(1);
  }

  toast(text: string | RegExp) {
    return this.page.locator("[data-sonner-toast]").filter({ hasText: text });
  }

  /** Submits "Add member"; returns the one-time password when a new account was created. */
  async add(email: string, role: "admin" | "operator", name = "Someone"): Promise<string | null> {
    await this.page.getByLabel("Email", { exact: true }).fill(email);
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    await this.page.getByLabel("Role", { exact: true }).selectOption(role);
    await this.page.getByRole("button", { name: "Add member" }).click();
    const dialog = this.page.getByRole("dialog");
    const invited = this.toast(`${email} already has an account: an invitation was sent.`);
    await expect(dialog.or(invited).first()).toBeVisible();
    if (!(await dialog.isVisible())) return null;
    const password = await dialog.getByRole("textbox", { name: "One-time password" }).inputValue();
    await dialog.getByRole("button", { name: "I have passed it on" }).click();
    await expect(dialog).toHaveCount(0);
    return password;
  }

  async remove(email: string) {
    await this.page.getByRole("button", { name: `Remove ${email}` }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Remove from team" }).click();
    await expect(this.toast(`${email} was removed from the team.`)).toBeVisible();
  }

  async createTeam(name: string) {
    await this.page.getByLabel("New team").fill(name);
    await this.page.getByRole("button", { name: "Create team" }).click();
    await expect(this.toast(`Team ${name} created.`)).toBeVisible();
  }

  switcher() {
    return this.page.getByRole("combobox", { name: "Team", exact: true });
  }

  invitation(email: string) {
    return this.page.getByTestId(`invitation-${email}`);
  }
}

/**
 * A new browser context for an account an admin created: signs in with the one-time password
 * and replaces it, as its owner would. Returns the context and its page (on /activations).
 */
export async function firstSignIn(
  browser: Browser,
  email: string,
  oneTimePassword: string,
  ownPassword: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: NO_COOKIES });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(oneTimePassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await page.getByLabel("Current password").fill(oneTimePassword);
  await page.getByLabel(/^New password/).fill(ownPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/activations$/);
  return { context, page };
}
