import type { Browser, Page } from "@playwright/test";
import { queryDb } from "./db";
import { API_KEY, expect, test } from "./fixtures";
import type { Simulator } from "./sim";
import { storageStateFor } from "./roles";

// Team rules (lib/rules), run by the key's sync holder after each pass on the provider's clock,
// which the simulator's clock drives here: each rule fires once at the right moment, through
// the click's guarded path (exactly one setStatus), never inside the early-cancel window, and
// the row says a rule did it. The suite shares one team and one simulator clock: the rules are
// switched off at the end whatever happens, so no other spec meets them.

test.describe.configure({ mode: "serial" });

test.afterAll(async () => {
  await queryDb("DELETE FROM team_rules");
});

const CANCEL_RULE = "auto (no SMS after 3 min)";
const FINISH_RULE = "auto (finish 2 min after code)";

/** Waits for `n` list reads of the app's key that began after now: at least n − 1 whole passes, rules included. */
async function afterPasses(sim: Simulator, n = 3) {
  const mark = new Date().toISOString();
  const suffix = API_KEY.slice(-4);
  await expect
    .poll(async () => (await sim.requests({ action: "getActiveActivations" })).filter((r) => r.at > mark && r.keySuffix === suffix).length, {
      timeout: 15_000,
    })
    .toBeGreaterThanOrEqual(n);
}

const setStatuses = async (sim: Simulator, id: string) => (await sim.requests({ action: "setStatus", id })).map((r) => r.status);

async function adminTeamPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor("admin") });
  const page = await context.newPage();
  await page.goto("/team");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  return page;
}

async function saveRules(page: Page, cancel: string, finish: string) {
  const form = page.getByTestId("team-rules");
  await form.getByLabel("Cancel when no SMS came after (minutes)").fill(cancel);
  await form.getByLabel("Finish this many minutes after a code nobody acted on").fill(finish);
  await form.getByRole("button", { name: "Save rules" }).click();
}

const toast = (page: Page, text: string | RegExp) => page.locator("[data-sonner-toast]").filter({ hasText: text });

test("an admin sets the rules on /team: an X outside the window and lifetime is refused, changes are audited", async ({ browser }) => {
  const page = await adminTeamPage(browser);
  await expect(page.getByTestId("team-rules")).toContainText("Between 2 and 19 minutes");
  await saveRules(page, "1", "2");
  await expect(toast(page, "must be between 2 and 19 minutes")).toBeVisible();
  await saveRules(page, "20", "2");
  await expect(toast(page, "must be between 2 and 19 minutes")).toHaveCount(2);
  await saveRules(page, "3", "2");
  await expect(toast(page, "Rules saved.")).toBeVisible();
  await page.reload();
  const form = page.getByTestId("team-rules");
  await expect(form.getByLabel("Cancel when no SMS came after (minutes)")).toHaveValue("3");
  await expect(form.getByLabel("Finish this many minutes after a code nobody acted on")).toHaveValue("2");
  await expect(form).toContainText("Last changed by admin@demo.local.");
  const audit = await queryDb<{ outcome: string; result: string }>(
    "SELECT outcome, result FROM audit_log WHERE action = 'rules.update' AND actor = 'admin@demo.local' ORDER BY id",
  );
  expect(audit.slice(-3)).toEqual([
    { outcome: "refused", result: "RULE_CANCEL_OUT_OF_RANGE" },
    { outcome: "refused", result: "RULE_CANCEL_OUT_OF_RANGE" },
    { outcome: "ok", result: "OK" },
  ]);
  await page.context().close();
});

test("no SMS after X = 3 min: nothing inside the early-cancel window nor before X, then exactly one cancel by the rule", async ({
  sim,
  activations,
}) => {
  test.setTimeout(90_000);
  const { id } = await sim.createActivation();
  await activations.goto();
  await expect(activations.status(id)).toHaveText("Waiting for SMS");

  await sim.advanceClock(110); // just inside the 120 s window
  await afterPasses(sim);
  expect(await setStatuses(sim, id)).toEqual([]);
  await sim.advanceClock(60); // 170 s: cancel allowed, but X not reached
  await afterPasses(sim);
  expect(await setStatuses(sim, id)).toEqual([]);

  await sim.advanceClock(15); // 185 s: past X
  await expect(activations.status(id)).toHaveText("Cancelled");
  await expect(activations.row(id).getByTestId("auto-rule")).toHaveAttribute("title", 'Done automatically by the team rule "no SMS after 3 min".');
  await expect(activations.row(id)).toContainText(`by ${CANCEL_RULE}`);
  await afterPasses(sim);
  expect(await setStatuses(sim, id)).toEqual(["8"]);
  // Cancelled at the simulator is refunded (the balance is not compared: the rule also cancels
  // numbers earlier specs left waiting, refunding them too).
  expect((await sim.activation(id)).state).toBe("cancelled");
  const audit = await queryDb<{ actor: string; outcome: string }>(
    "SELECT actor, outcome FROM audit_log WHERE action = 'setStatus' AND activation_id = ? ORDER BY id",
    [id],
  );
  expect(audit).toEqual([
    { actor: CANCEL_RULE, outcome: "sent" },
    { actor: CANCEL_RULE, outcome: "ok" },
  ]);
});

test("finish Y = 2 min after a code nobody acted on: exactly one finish by the rule", async ({ sim, activations }) => {
  test.setTimeout(90_000);
  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "735190");
  await activations.goto();
  await expect(activations.codes(id)).toContainText("735190");
  await expect(activations.status(id)).toHaveText("Code received");

  await sim.advanceClock(100);
  await afterPasses(sim);
  expect(await setStatuses(sim, id)).toEqual([]);

  await sim.advanceClock(30);
  await expect(activations.status(id)).toHaveText("Finished");
  await expect(activations.row(id).getByTestId("auto-rule")).toBeVisible();
  await expect(activations.row(id)).toContainText(`by ${FINISH_RULE}`);
  await afterPasses(sim);
  expect(await setStatuses(sim, id)).toEqual(["6"]);
  expect((await sim.activation(id)).state).toBe("finished");
});

test("rules switched off by an admin do nothing", async ({ browser, sim }) => {
  const page = await adminTeamPage(browser);
  await saveRules(page, "", "");
  await expect(toast(page, "Rules saved.")).toBeVisible();
  const { id } = await sim.createActivation();
  await afterPasses(sim, 2);
  await sim.advanceClock(5 * 60);
  await afterPasses(sim);
  expect(await setStatuses(sim, id)).toEqual([]);
  await page.context().close();
});
