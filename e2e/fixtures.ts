import { test as base } from "@playwright/test";
import { ActivationsPage } from "./pages/activations-page";
import { Simulator } from "./sim";

export const API_KEY = process.env.E2E_API_KEY ?? "";
const SIM_URL = process.env.E2E_SIM_URL ?? "http://127.0.0.1:3211";

type Fixtures = { sim: Simulator; activations: ActivationsPage };

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  sim: async ({}, use) => {
    const sim = new Simulator(SIM_URL, API_KEY);
    await sim.clearFaults();
    await use(sim);
    await sim.clearFaults();
  },
  activations: async ({ page }, use) => {
    await use(new ActivationsPage(page));
  },
});

export { expect } from "@playwright/test";
