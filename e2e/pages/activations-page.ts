import { expect, type Locator, type Page } from "@playwright/test";

/** The activations table as an operator sees it. */
export class ActivationsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/activations");
    await expect(this.page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(this.page.locator("html[data-hydrated]")).toHaveCount(1);
  }

  row(id: string): Locator {
    return this.page.getByTestId(`activation-${id}`);
  }

  status(id: string): Locator {
    return this.row(id).getByTestId("status");
  }

  button(id: string, name: "Cancel" | "Another SMS" | "Finish" | RegExp): Locator {
    return this.row(id).getByRole("button", { name, exact: typeof name === "string" });
  }

  /** The wrapper that explains why a button is disabled. */
  why(id: string, action: "cancel" | "retry" | "finish"): Locator {
    return this.row(id).getByTestId(`why-${action}`);
  }

  codes(id: string): Locator {
    return this.row(id).getByTestId("codes");
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator("[data-sonner-toast]").filter({ hasText: text });
  }
}
