import fs from "node:fs";
import path from "node:path";
import { test as base, type BrowserContext, type Page } from "@playwright/test";
import {
  CLUSTER_BASE_PORT,
  type ClusterStack,
  type InstanceName,
  startClusterStack,
} from "../../scripts/cluster-stack.mjs";
import { ActivationsPage } from "../pages/activations-page";
import { OPERATOR, signIn } from "../roles";
import { Simulator } from "../sim";
import { ClusterDb } from "./cluster-db";

// The "cluster" project's fixtures: one stack per worker (two app instances on one fresh
// PostgreSQL database, one simulator; scripts/cluster-stack.mjs), the operator signed in once,
// and a table opened on either instance. The stack is managed here, not by Playwright's
// webServer, because tests SIGKILL and restart instances.

export const CLUSTER_API_KEY = "E2E-CLUSTER-KEY-4c9d27e1b0";
const SECRET = "e2e-cluster-master-secret-long-enough-0123456789";

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

type WorkerFixtures = { cluster: ClusterStack; clusterDb: ClusterDb; operatorState: StorageState };
type TestFixtures = {
  clusterLogs: undefined;
  sim: Simulator;
  /**
   * The operator's activations table in a browser of its own, served by instance `name`;
   * `prepare` runs on the page before it loads (init scripts, routes).
   */
  tableOn: (
    name: InstanceName,
    prepare?: (page: Page) => Promise<unknown>,
  ) => Promise<ActivationsPage>;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  cluster: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
    async ({}, use, workerInfo) => {
      const stack = await startClusterStack({
        adminUrl: process.env.TEST_DATABASE_URL ?? "",
        apiKey: CLUSTER_API_KEY,
        secret: SECRET,
        basePort: Number(process.env.E2E_CLUSTER_PORT ?? CLUSTER_BASE_PORT),
        logDir: path.join(workerInfo.project.outputDir, `cluster-logs-${workerInfo.workerIndex}`),
      });
      try {
        await use(stack);
      } finally {
        await stack.stop();
      }
    },
    { scope: "worker", timeout: 120_000 },
  ],
  clusterDb: [
    async ({ cluster }, use) => {
      const db = new ClusterDb(cluster.databaseUrl);
      await use(db);
      await db.close();
    },
    { scope: "worker" },
  ],
  // One sign-in, through the form on instance a: the session lives in the shared database and
  // the cookie belongs to the host (both instances are 127.0.0.1), so it works on b as well.
  operatorState: [
    async ({ cluster, browser }, use) => {
      const context = await browser.newContext({
        baseURL: cluster.instances.a.url,
        locale: "en-US",
      });
      await signIn(await context.newPage(), OPERATOR);
      const state = await context.storageState();
      await context.close();
      await use(state);
    },
    { scope: "worker" },
  ],
  baseURL: async ({ cluster }, use) => use(cluster.instances.a.url),
  storageState: async ({ operatorState }, use) => use(operatorState),

  // A failed test gets the end of each process's log (provider URLs in it are masked).
  clusterLogs: [
    async ({ cluster }, use, testInfo) => {
      await use(undefined);
      if (testInfo.status === testInfo.expectedStatus) return;
      for (const name of ["a", "b"] as const) {
        const file = cluster.instances[name].logFile;
        const text = fs.existsSync(file)
          ? fs.readFileSync(file, "utf8").split("\n").slice(-200).join("\n")
          : "";
        await testInfo.attach(`instance ${name} log`, { body: text, contentType: "text/plain" });
      }
    },
    { auto: true },
  ],
  sim: async ({ cluster }, use) => {
    const sim = new Simulator(cluster.simUrl, CLUSTER_API_KEY);
    await sim.clearFaults();
    await use(sim);
    await sim.clearFaults();
  },
  tableOn: async ({ browser, cluster, operatorState }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (name, prepare) => {
      const context = await browser.newContext({
        baseURL: cluster.instances[name].url,
        storageState: operatorState,
        locale: "en-US",
      });
      contexts.push(context);
      const page = await context.newPage();
      await prepare?.(page);
      const table = new ActivationsPage(page);
      await table.goto();
      return table;
    });
    for (const context of contexts) await context.close();
  },
});

export { expect } from "@playwright/test";
