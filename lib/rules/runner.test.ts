import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";

// The rule runner against the real simulator over HTTP, its clock moved by the test: a rule acts
// once, through the click's guarded path, at the right moment on the provider's clock, and a
// click racing it leaves exactly one setStatus at the provider.

const KEY = "rules-runner-test-key-0013";
let h: Harness;
let rules: typeof import("./runner");
let settings: typeof import("./settings");

beforeAll(async () => {
  h = await startHarness(KEY);
  rules = await import("./runner");
  settings = await import("./settings");
});
afterAll(() => h.close());

const db = () => h.mod.db.getDb();
const row = async (id: string) => h.mod.rows.findActivation(await db(), h.keyId, id);
const setStatusCalls = async (id: string) =>
  ((await h.requests(`action=setStatus&id=${id}`)) as { status: string }[]).map((r) => r.status);
/** A sync pass (it reads the provider's clock from the Date header), then the rules, as the holder runs them. */
async function pass() {
  await h.mod.sync.syncKeyOnce(await h.key());
  await rules.runTeamRules(await h.key());
}
async function save(cancelNoSmsMinutes: number | null, finishAfterCodeMinutes: number | null) {
  return settings.saveTeamRules(TEAM, ACTOR, { cancelNoSmsMinutes, finishAfterCodeMinutes });
}
const auditRows = async (action: string) =>
  (await db()).selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("id").execute();

describe("saving rules", () => {
  it("refuses an X outside the key's window and lifetime minus the margin, and audits both", async () => {
    expect(await save(1, null)).toEqual({ ok: false, failure: { code: "RULE_CANCEL_OUT_OF_RANGE", params: { min: 2, max: 19 } } });
    expect(await save(20, null)).toMatchObject({ ok: false });
    const saved = await save(3, 2);
    expect(saved).toMatchObject({ ok: true, value: { cancelNoSmsMinutes: 3, finishAfterCodeMinutes: 2, cancelRange: { min: 2, max: 19 } } });
    const audited = await auditRows("rules.update");
    expect(audited.map((a) => [a.outcome, a.actor])).toEqual([
      ["refused", ACTOR.label],
      ["refused", ACTOR.label],
      ["ok", ACTOR.label],
    ]);
    expect(audited.at(-1)?.detail).toBe("cancel if no SMS after: 3; finish after code: 2");
  });
});

describe("the rules at work (X = 3 min, Y = 2 min)", () => {
  it("cancels once, past X, never inside the early-cancel window, audited as the rule", async () => {
    await save(3, 2);
    const id = await h.synced();
    h.sim.engine.advance(110); // inside the window
    await pass();
    expect(await setStatusCalls(id)).toEqual([]);
    h.sim.engine.advance(60); // past the window, before X
    await pass();
    expect(await setStatusCalls(id)).toEqual([]);
    h.sim.engine.advance(15); // past X
    await pass();
    await pass();
    expect(await setStatusCalls(id)).toEqual(["8"]);
    const after = await row(id);
    expect(after).toMatchObject({ state: "cancelled", last_actor: "auto (no SMS after 3 min)", last_action: "cancel" });
    const audit = (await auditRows("setStatus")).filter((a) => a.activation_id === id);
    expect(audit.map((a) => [a.actor, a.actor_id, a.outcome])).toEqual([
      ["auto (no SMS after 3 min)", "rule:cancel_no_sms", "sent"],
      ["auto (no SMS after 3 min)", "rule:cancel_no_sms", "ok"],
    ]);
  });

  it("finishes once, Y minutes after a code nobody acted on", async () => {
    await save(3, 2);
    const id = await h.synced("424242");
    h.sim.engine.advance(100);
    await pass();
    expect(await setStatusCalls(id)).toEqual([]);
    h.sim.engine.advance(25);
    await pass();
    await pass();
    expect(await setStatusCalls(id)).toEqual(["6"]);
    expect(await row(id)).toMatchObject({ state: "finished", last_actor: "auto (finish 2 min after code)" });
  });

  it("a click racing the rule: exactly one setStatus reaches the provider", async () => {
    await save(3, null);
    const id = await h.synced();
    h.sim.engine.advance(200);
    await h.mod.sync.syncKeyOnce(await h.key());
    const [, click] = await Promise.all([rules.runTeamRules(await h.key()), h.act(id, "cancel")]);
    await pass();
    expect(await setStatusCalls(id)).toEqual(["8"]);
    const r = await row(id);
    expect(r?.state).toBe("cancelled");
    // Whoever claimed the row first is credited; the other was refused before any call.
    expect([ACTOR.label, "auto (no SMS after 3 min)"]).toContain(r?.last_actor);
    if (r?.last_actor === "auto (no SMS after 3 min)") expect(click.ok).toBe(false);
  });

  it("a finish the rule chose is not sent once someone asked for another SMS first", async () => {
    await save(null, 2);
    const id = await h.synced("424242");
    h.sim.engine.advance(125);
    await h.mod.sync.syncKeyOnce(await h.key());
    const key = await h.key();
    const due = { action: "finish", rule: "finish_after_code", minutes: 2 } as const;
    const stillWanted = rules.stillWantedBy(key, { cancelNoSmsMinutes: null, finishAfterCodeMinutes: 2 }, due);
    const before = await row(id);
    expect(before && stillWanted(before)).toBe(true);
    // The person's click lands between the rule's read of the rows and its claim of this one.
    expect((await h.act(id, "retry")).ok).toBe(true);
    const outcome = await h.mod.service.performAction({
      teamId: TEAM,
      keyId: h.keyId,
      activationId: id,
      action: "finish",
      actor: rules.ruleActor(due),
      stillWanted,
    });
    expect(outcome).toMatchObject({ ok: false, failure: { code: "ACTION_NO_LONGER_WANTED" } });
    expect(await setStatusCalls(id)).toEqual(["3"]);
    expect((await row(id))?.state).toBe("waiting_retry");
  });

  /** A number past X whose cancel the provider refuses once: one pass tries it and is refused. */
  async function refusedCancel(): Promise<string> {
    await save(3, null);
    const id = await h.synced();
    h.sim.engine.advance(200);
    await h.fault({ action: "setStatus", kind: "token", token: "ERROR_SQL" });
    await pass();
    expect(await setStatusCalls(id)).toEqual(["8"]);
    return id;
  }

  it("an action the provider refused is not tried again at the next pass", async () => {
    const id = await refusedCancel();
    await pass();
    expect(await setStatusCalls(id)).toEqual(["8"]);
    expect((await row(id))?.state).toBe("waiting");
    await h.mod.db.getDb().then((d) => d.updateTable("activations").set({ state: "expired" }).where("id", "=", id).execute());
  });

  it("a refusal is honoured by the next sync holder (fresh process state) until its back-off ends", async () => {
    const id = await refusedCancel();
    // After a lease hand-over: another process, its own modules, nothing the rules kept in memory.
    const globals = globalThis as unknown as Record<string, unknown>;
    for (const name of Object.keys(globals)) if (name.startsWith("smsDeskRule")) delete globals[name];
    vi.resetModules();
    const nextHolder: typeof import("./runner") = await import("./runner");
    expect(nextHolder.runTeamRules).not.toBe(rules.runTeamRules);
    await h.mod.sync.syncKeyOnce(await h.key());
    await nextHolder.runTeamRules(await h.key());
    expect(await setStatusCalls(id)).toEqual(["8"]);
    // The back-off over (our clock moved on by RETRY_AFTER_MS): tried again, and the refusal forgotten.
    const { RETRY_AFTER_MS } = await import("./refusals");
    const refusals = () => h.mod.db.getDb().then((d) => d.selectFrom("rule_refusals").selectAll().where("activation_id", "=", id).execute());
    const [stored] = await refusals();
    expect(Number(stored?.retry_after)).toBeGreaterThan(Date.now() + RETRY_AFTER_MS - 30_000);
    await h.mod.db.getDb().then((d) =>
      d.updateTable("rule_refusals").set({ retry_after: Date.now() - 1 }).where("activation_id", "=", id).execute(),
    );
    await nextHolder.runTeamRules(await h.key());
    expect(await setStatusCalls(id)).toEqual(["8", "8"]);
    expect((await row(id))?.state).toBe("cancelled");
    expect(await refusals()).toEqual([]);
  });

  it("acts on at most 10 numbers per pass; the next pass does the rest", async () => {
    await save(3, null);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(h.boughtElsewhere());
    await h.mod.sync.syncKeyOnce(await h.key());
    h.sim.engine.advance(200);
    const cancels = async () => (await Promise.all(ids.map(setStatusCalls))).flat().length;
    await pass();
    expect(await cancels()).toBe(10);
    await pass();
    expect(await cancels()).toBe(12);
  });

  it("does nothing once the rules are off", async () => {
    await save(null, null);
    const id = await h.synced();
    h.sim.engine.advance(300);
    await pass();
    expect(await setStatusCalls(id)).toEqual([]);
  });
});
