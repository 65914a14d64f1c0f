import { readDb } from "./db";
import { API_KEY, expect, test } from "./fixtures";
import { storageStateFor } from "./roles";

// Runs last (files run in name order, one worker): every provider call and change the suite
// made is in the audit log, with the right user, and admins can read and export it.

test.use({ storageState: storageStateFor("admin") });

type AuditRow = { action: string; actor: string; activation_id: string | null; outcome: string; result: string; detail: string | null };

test("every setStatus the simulator received for the demo key has an audit row with its user", async ({ sim }) => {
  const suffix = API_KEY.slice(-4);
  const calls = (await sim.requests({ action: "setStatus" })).filter((r) => r.keySuffix === suffix);
  expect(calls.length).toBeGreaterThan(5);
  const rows = readDb<AuditRow>("SELECT action, actor, activation_id, outcome, result, detail FROM audit_log WHERE action = 'setStatus'");
  for (const call of calls) {
    const matching = rows.filter((r) => r.activation_id === call.id && r.detail?.startsWith(`${call.status} `));
    expect(matching.length, `audit row for setStatus ${call.status} on ${call.id}`).toBeGreaterThan(0);
    // A person, or a team rule acting for the team (rules.spec.ts), named as the rule.
    const byWhom = (actor: string) =>
      actor === "operator@demo.local" ||
      actor === "admin@demo.local" ||
      /^auto \((no SMS after \d+ min|finish \d+ min after code)\)$/.test(actor);
    expect(matching.map((r) => r.actor).filter((actor) => !byWhom(actor))).toEqual([]);
  }
});

test("key, member and team changes are audited with the admin as actor", async () => {
  const rows = readDb<AuditRow>("SELECT action, actor, outcome, result, detail FROM audit_log WHERE actor = 'admin@demo.local'");
  const actions = new Set(rows.map((r) => r.action));
  for (const action of ["key.create", "key.test", "key.rotate", "key.disable", "key.delete", "member.add", "member.role", "team.create"]) {
    expect(actions, action).toContain(action);
  }
  const refused = readDb<AuditRow>("SELECT action, actor, outcome, detail FROM audit_log WHERE action = 'auth.refused'");
  expect(refused).toContainEqual(expect.objectContaining({ actor: "operator@demo.local", outcome: "refused" }));
  // Each refusal names the admin action that was tried (bad-input.spec.ts tries these as an operator).
  const tried = new Set(refused.filter((r) => r.actor === "operator@demo.local").map((r) => r.detail));
  for (const action of ["rotateWebhookAction", "saveTeamRulesAction", "setKeyLimitsAction"]) expect(tried, action).toContain(action);
});

test("a failed sign-in is audited", async ({ page, browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const anonymous = await context.newPage();
  await anonymous.goto("/sign-in");
  await expect(anonymous.locator("html[data-hydrated]")).toHaveCount(1);
  await anonymous.getByLabel("Email").fill("operator@demo.local");
  await anonymous.getByLabel("Password").fill("definitely-wrong-password");
  await anonymous.getByRole("button", { name: "Sign in" }).click();
  await expect(anonymous.getByText("Wrong email or password.")).toBeVisible();
  await context.close();

  await page.goto("/audit?action=auth.sign_in_failed");
  await expect(page.getByRole("table")).toContainText("operator@demo.local");
});

test("the audit page filters by activation and exports CSV", async ({ page, request }) => {
  const [row] = readDb<{ activation_id: string }>(
    "SELECT activation_id FROM audit_log WHERE action = 'setStatus' AND activation_id IS NOT NULL LIMIT 1",
  );
  expect(row).toBeTruthy();
  await page.goto(`/audit?activation=${row?.activation_id}`);
  const table = page.getByRole("table");
  await expect(table).toContainText(row?.activation_id ?? "");
  await expect(table).toContainText("operator@demo.local");

  const csv = await request.get(`/api/audit/export?activation=${row?.activation_id}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe("id,time,actor,action,activation_id,key_id,key_name,detail,outcome,result,duration_ms");
  expect(text).toContain(row?.activation_id ?? "");
});
