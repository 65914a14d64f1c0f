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

  /** The table's search box (`/` focuses it). */
  searchBox(): Locator {
    return this.page.getByTestId("table-search");
  }

  /** A filter of the toolbar: the state one keeps its "Show" label and `?status=`. */
  filter(name: "service" | "country" | "key" | "status" | "sort"): Locator {
    if (name === "status") return this.page.locator("#status-filter");
    if (name === "sort") return this.page.locator("#sort-order");
    return this.page.getByTestId(`filter-${name}`);
  }

  /** The state filter's count for one choice, as its option shows it ("Waiting for SMS (3)"). */
  async stateCount(state: string): Promise<number> {
    const text = await this.filter("status").locator(`option[value="${state}"]`).textContent();
    const count = /\(([\d,.\s]+)\)\s*$/.exec(text ?? "")?.[1]?.replace(/\D/g, "");
    if (count === undefined) throw new Error(`no count in the ${state} option: ${text}`);
    return Number(count);
  }

  /** Ids of the activation rows (or cards) on screen, top to bottom. */
  visibleRowIds(): Promise<string[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("[data-testid^='activation-']")]
        .filter((el) => el.checkVisibility() && /^activation-\d+$/.test(el.dataset.testid ?? ""))
        .map((el) => (el.dataset.testid ?? "").slice("activation-".length)),
    );
  }

  /** The polite live region that says which row has the focus and what a row shortcut did. */
  announcer(): Locator {
    return this.page.getByTestId("row-announcer");
  }

  /** The row (or card) the keyboard focus is on. */
  focusedRow(): Locator {
    return this.page.locator("[data-testid^='activation-'][data-focused]");
  }

  checkbox(id: string): Locator {
    return this.row(id).getByRole("checkbox");
  }

  selectionBar(): Locator {
    return this.page.getByTestId("selection-bar");
  }

  /**
   * Scrolls the table (or, on a phone, the page) until the row is rendered: the table is
   * virtualized, so a row far from the viewport is not in the page at all. Returns how many
   * scroll steps it took; fails once the end is reached without finding it.
   */
  async scrollToRow(id: string, { maxSteps = 400 } = {}): Promise<number> {
    for (let step = 0; step < maxSteps; step++) {
      if ((await this.row(id).count()) > 0) {
        await this.row(id).scrollIntoViewIfNeeded();
        return step;
      }
      const atEnd = await this.page.evaluate(() => {
        const box = document.querySelector<HTMLElement>("[data-testid='activations-scroll']");
        const scroller = box ?? document.scrollingElement;
        if (!scroller) return true;
        const before = scroller.scrollTop;
        scroller.scrollTop = before + scroller.clientHeight * 0.8;
        return scroller.scrollTop === before;
      });
      // Let the virtualizer hear the scroll and render the rows now in view.
      await this.page.waitForTimeout(atEnd ? 300 : 50);
      if (atEnd && (await this.row(id).count()) === 0) break;
    }
    throw new Error(`row ${id} not reached by scrolling`);
  }
}
