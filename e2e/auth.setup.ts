import { test as setup } from "@playwright/test";
import { ROLES, signIn, storageStateFor } from "./roles";

// One storage state per role: sign in once through the real form, reuse the session cookie.
for (const role of ROLES) {
  setup(`sign in as ${role.name}`, async ({ page }) => {
    await signIn(page, role);
    await page.context().storageState({ path: storageStateFor(role.name) });
  });
}
