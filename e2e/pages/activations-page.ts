import { expect, type Locator, type Page, type Route } from "@playwright/test";

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

  /**
   * Holds this tab's table polls until release(): the tab keeps showing what it last read, as a
   * tab does in the moment before its next poll. Race tests use it so that a click in this tab
   * really lands while another tab's action is in flight, instead of depending on how fast the
   * machine runs the poll (which would show the other action and disable the button first).
   */
  async holdPolls(): Promise<() => Promise<void>> {
    const held: Route[] = [];
    const polls = /\/api\/activations(\?|$)/;
    const hold = (route: Route) => {
      held.push(route);
    };
    await this.page.route(polls, hold);
    return async () => {
      await this.page.unroute(polls, hold);
      for (const route of held) await route.continue().catch(() => undefined);
    };
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator("[data-sonner-toast]").filter({ hasText: text });
  }
}
