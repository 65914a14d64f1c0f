import type { Browser } from "@playwright/test";
import { readDb } from "./db";
import { expect, test } from "./fixtures";
import { storageStateFor } from "./roles";
import type { Fault } from "./sim";

// Every provider fault on a Finish click, with its defined outcome: what the operator reads,
// the state the row ends in (unchanged, or reconciled with getStatus), the audit rows, and
// exactly one setStatus reaching the provider (it is never retried blindly).

type Row = {
  name: string;
  fault: Fault;
  toast: RegExp;
  /** The row's status once everything settled. */
  final: "Finished" | "Code received";
  /** The audit outcome of the setStatus call. */
  outcome: "ok" | "error" | "unknown";
  /** A banner about the key that stays until an admin acts. */
  banner?: RegExp;
};

const LOST = /did not answer/;
const ROWS: Row[] = [
  { name: "slow answer", fault: { kind: "slow", delayMs: 800 }, toast: /finished\./, final: "Finished", outcome: "ok" },
  { name: "timeout after applying", fault: { kind: "timeout", delayMs: 3000, apply: true }, toast: LOST, final: "Finished", outcome: "unknown" },
  { name: "connection reset after applying", fault: { kind: "reset", apply: true }, toast: LOST, final: "Finished", outcome: "unknown" },
  { name: "HTTP 500", fault: { kind: "http500" }, toast: LOST, final: "Code received", outcome: "unknown" },
  { name: "HTTP 502", fault: { kind: "http502" }, toast: LOST, final: "Code received", outcome: "unknown" },
  { name: "HTTP 429", fault: { kind: "http429" }, toast: LOST, final: "Code received", outcome: "unknown" },
  { name: "HTML error page", fault: { kind: "html" }, toast: LOST, final: "Code received", outcome: "unknown" },
  { name: "empty body", fault: { kind: "empty" }, toast: LOST, final: "Code received", outcome: "unknown" },
  { name: "truncated JSON", fault: { kind: "truncated" }, toast: LOST, final: "Code received", outcome: "unknown" },
  { name: "unknown token", fault: { kind: "token", token: "ACCESS_SOMETHING_NEW" }, toast: LOST, final: "Code received", outcome: "unknown" },
  { name: "ERROR_SQL", fault: { kind: "token", token: "ERROR_SQL" }, toast: /internal error/, final: "Code received", outcome: "error" },
  {
    name: "BANNED",
    fault: { kind: "token", token: "BANNED:'2099-01-01 00:00:00'" },
    toast: /blocked this account until 2099-01-01 00:00:00/,
    final: "Code received",
    outcome: "error",
    banner: /blocked this key until 2098|blocked this key until 2099/,
  },
  {
    name: "ACCOUNT_INACTIVE",
    fault: { kind: "token", token: "ACCOUNT_INACTIVE" },
    toast: /inactive/i,
    final: "Code received",
    outcome: "error",
    banner: /rejected this key \(ACCOUNT_INACTIVE\)/,
  },
  {
    name: "BAD_KEY",
    fault: { kind: "token", token: "BAD_KEY" },
    toast: /rejected the API key/,
    final: "Code received",
    outcome: "error",
    banner: /rejected this key \(BAD_KEY\)/,
  },
];

/** An admin's "Test" on the key: a good answer clears a ban or a rejection. */
async function healKey(browser: Browser) {
  const context = await browser.newContext({ storageState: storageStateFor("admin") });
  const page = await context.newPage();
  await page.goto("/keys");
  await page.getByTestId("key-Simulator").getByRole("button", { name: "Test" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Balance" })).toBeVisible();
  await context.close();
}

for (const row of ROWS) {
  test(`setStatus fault: ${row.name}`, async ({ sim, activations, browser }) => {
    const { id } = await sim.createActivation();
    await sim.deliverSms(id, "808080");
    await activations.goto();
    await expect(activations.status(id)).toHaveText("Code received");

    await sim.fault({ action: "setStatus", ...row.fault });
    await activations.button(id, "Finish").click();
    await expect(activations.toast(row.toast)).toBeVisible();
    if (row.outcome === "unknown") {
      // Until getStatus has told the truth, the row says so instead of guessing.
      await expect(activations.status(id)).toHaveText(/Checking…|Finished|Code received/);
    }
    await expect(activations.status(id)).toHaveText(row.final, { timeout: 15_000 });
    expect((await sim.activation(id)).state).toBe(row.final === "Finished" ? "finished" : "code_received");
    expect(await sim.requests({ action: "setStatus", id })).toHaveLength(1);

    const audit = readDb<{ outcome: string }>(
      "SELECT outcome FROM audit_log WHERE action = 'setStatus' AND activation_id = ? ORDER BY id",
      id,
    );
    expect(audit.map((a) => a.outcome)).toEqual(["sent", row.outcome]);
    if (row.outcome === "unknown") {
      expect(readDb("SELECT * FROM audit_log WHERE action = 'getStatus' AND activation_id = ?", id).length).toBeGreaterThan(0);
    }

    if (row.banner) {
      await expect(activations.page.getByTestId("key-blocked")).toContainText(row.banner);
      // Every button now explains the key's state, and a click sends nothing.
      await expect(activations.button(id, "Finish")).toBeDisabled();
      await expect(activations.why(id, "finish")).toContainText(row.banner);
      await healKey(browser);
      await expect(activations.page.getByTestId("key-blocked")).toHaveCount(0, { timeout: 15_000 });
      await expect(activations.button(id, "Finish")).toBeEnabled();
      expect(await sim.requests({ action: "setStatus", id })).toHaveLength(1);
    }
  });
}

test("sync backs off on read faults, says so, and recovers by itself", async ({ sim, activations, page }) => {
  await activations.goto();
  await sim.fault({ action: "getActiveActivations", kind: "http500", times: 1000 });
  const started = Date.now();
  const before = (await sim.requests({ action: "getActiveActivations" })).length;
  await expect(page.getByText(/Provider unreachable/).first()).toBeVisible({ timeout: 15_000 });
  await page.waitForTimeout(8000);
  // Without backoff sync would have called every 500 ms; with it the gaps double each time.
  const during = (await sim.requests({ action: "getActiveActivations" })).length - before;
  const seconds = (Date.now() - started) / 1000;
  expect(during).toBeLessThan(seconds * 2 * 0.5);

  await sim.clearFaults();
  const { id } = await sim.createActivation();
  await expect(activations.row(id)).toBeVisible({ timeout: 40_000 });
  // This key's warning goes. (Another key an earlier spec left in the team backs off on its own
  // schedule and may still show its own warning for a while.)
  await expect(page.getByTestId("key-health-Simulator").getByText(/Provider unreachable/)).toHaveCount(0, {
    timeout: 15_000,
  });
  await expect(page.getByTestId("key-health-Simulator").getByTestId("balance")).toBeVisible();
});
