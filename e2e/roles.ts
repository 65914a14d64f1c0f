import path from "node:path";
import { expect, type Page } from "@playwright/test";

// The demo users the e2e stack seeds (scripts/e2e-stack.mjs runs the app in demo mode).
export const ADMIN = { name: "admin", email: "admin@demo.local", password: "demo-admin-pass" } as const;
export const OPERATOR = { name: "operator", email: "operator@demo.local", password: "demo-operator-pass" } as const;
export const ROLES = [ADMIN, OPERATOR] as const;

export function storageStateFor(role: "admin" | "operator"): string {
  // Per app port, like the stack's data folder: sessions belong to one server's database.
  const dir = process.env.E2E_APP_PORT ? `.auth-${process.env.E2E_APP_PORT}` : ".auth";
  return path.join(import.meta.dirname, dir, `${role}.json`);
}

/** An explicitly empty storage state (Playwright would otherwise apply the project's). */
export const NO_COOKIES = { cookies: [], origins: [] };

export async function signIn(page: Page, role: { email: string; password: string }) {
  await page.goto("/sign-in");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await page.getByLabel("Email").fill(role.email);
  await page.getByLabel("Password").fill(role.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/activations$/);
}
