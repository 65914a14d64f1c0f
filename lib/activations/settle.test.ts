import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness } from "@/lib/testing/app-harness";
import { changeNoticesDuring } from "@/lib/testing/change-notices";
import { testEngine } from "@/lib/testing/test-database";

// How a click's answer is recorded: on the claim it made (a settle never overwrites what sync
// reconciled meanwhile), and with the provider's answer told apart from our own database's
// failure (a write that fails after a successful call is an error, never a lost answer).

const KEY = "settle-test-key-0010";
let h: Harness;

beforeAll(async () => {
  h = await startHarness(KEY);
});
afterAll(() => h.close());
afterEach(() => fetch(`${h.sim.baseUrl}/__sim/faults`, { method: "DELETE" }));

const db = () => h.mod.db.getDb();
const row = async (id: string) => h.mod.rows.findActivation(await db(), h.keyId, id);
const syncOnce = async () => h.mod.sync.syncKeyOnce(await h.key());
const setStatusAudit = async (id: string) =>
  (await db())
    .selectFrom("audit_log")
    .select(["outcome", "result", "detail"])
    .where("activation_id", "=", id)
    .where("action", "=", "setStatus")
    .orderBy("id")
    .execute();

/** No instance heartbeats in these tests: this process's clicks in flight look orphaned to sync. */
beforeEach(async () => {
  await (await db()).deleteFrom("app_instances").execute();
});

/**
 * The click's instance looks dead here, but its call may still be under way for the provider
 * timeout (lib/activations/in-flight.ts): sync reconciles it once that has passed, as here.
 */
async function pastCallTimeout(id: string) {
  await (await db())
    .updateTable("activations")
    .set({ pending_since: Date.now() - 11_000 })
    .where("key_id", "=", h.keyId)
    .where("id", "=", id)
    .execute();
}

async function untilPending(id: string) {
  for (let i = 0; i < 200 && (await row(id))?.pending_action === null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect((await row(id))?.pending_action).not.toBeNull();
}

describe("a click's settle", () => {
  it("does not overwrite a row sync reconciled while the answer was lost, and says so in the audit row", async () => {
    const id = await h.synced("8080");
    // The finish never reaches the provider; its connection dies after 500 ms (outcome unknown).
    await h.fault({ action: "setStatus", kind: "timeout", delayMs: 500, apply: false });
    const clicking = h.act(id, "finish");
    await untilPending(id);
    // Meanwhile sync asks getStatus (the click's instance looks dead) and learns nothing happened.
    await pastCallTimeout(id);
    await syncOnce();
    expect(await row(id)).toMatchObject({ state: "code_received", pending_action: null, checking: 0 });

    // The click learns its answer was lost: the row already says what is true, so it stays.
    expect(await clicking).toMatchObject({ ok: true, value: { state: "code_received", checking: false, pendingAction: null } });
    expect(await row(id)).toMatchObject({ state: "code_received", pending_action: null, checking: 0 });
    expect(await setStatusAudit(id)).toEqual([
      { outcome: "sent", result: "PENDING", detail: "6 (finish)" },
      { outcome: "unknown", result: "NETWORK", detail: expect.stringMatching(/^6 \(finish\); row reconciled by sync meanwhile/) },
    ]);
  });

  it("of a successful call leaves the row as sync reconciled it meanwhile (credited once, by sync)", async () => {
    const id = await h.synced("8181");
    // The provider finishes at once but answers 500 ms later.
    await h.fault({ action: "setStatus", kind: "slow", delayMs: 500 });
    const clicking = h.act(id, "finish");
    await untilPending(id);
    await pastCallTimeout(id);
    await syncOnce();
    const reconciled = await row(id);
    expect(reconciled).toMatchObject({ state: "finished", pending_action: null, last_actor: ACTOR.label });
    expect(await clicking).toMatchObject({ ok: true, value: { state: "finished" } });
    // Untouched by the late settle: same version.
    expect((await row(id))?.updated_at).toBe(reconciled?.updated_at);
    expect((await setStatusAudit(id)).map((a) => a.outcome)).toEqual(["sent", "ok"]);
  });
});

describe("a database failure after a successful call", () => {
  const trigger = "settle_test_fail_finish";
  async function dropTrigger() {
    if (testEngine() === "postgres") {
      await sql.raw(`DROP TRIGGER IF EXISTS ${trigger} ON activations`).execute(await db());
      await sql.raw(`DROP FUNCTION IF EXISTS ${trigger}()`).execute(await db());
    } else {
      await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`).execute(await db());
    }
  }
  afterEach(dropTrigger);

  /** The database refuses to record this activation as finished. */
  async function failFinishOf(id: string) {
    if (testEngine() === "postgres") {
      await sql
        .raw(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF NEW.state = 'finished' AND OLD.id = '${id}' THEN RAISE EXCEPTION 'simulated database failure'; END IF;
            RETURN NEW;
          END $$`)
        .execute(await db());
      await sql
        .raw(`CREATE TRIGGER ${trigger} BEFORE UPDATE ON activations FOR EACH ROW EXECUTE FUNCTION ${trigger}()`)
        .execute(await db());
    } else {
      await sql
        .raw(`CREATE TRIGGER ${trigger} BEFORE UPDATE ON activations
          WHEN NEW.state = 'finished' AND OLD.id = '${id}'
          BEGIN SELECT RAISE(ABORT, 'simulated database failure'); END`)
        .execute(await db());
    }
  }

  it("surfaces as an error, is never recorded as a lost answer, and sync later records the truth", async () => {
    const id = await h.synced("8282");
    await failFinishOf(id);
    await expect(h.act(id, "finish")).rejects.toThrow(/simulated database failure/);
    expect(h.sim.engine.getActivation(id)?.state).toBe("finished");
    // Only the intent: no "unknown" (nor any other) outcome, and the row is not "checking".
    expect(await setStatusAudit(id)).toEqual([{ outcome: "sent", result: "PENDING", detail: "6 (finish)" }]);
    expect(await row(id)).toMatchObject({ state: "code_received", pending_action: "finish", checking: 0 });

    // The claim is still there: sync (this instance looks dead here) reconciles it.
    await dropTrigger();
    await pastCallTimeout(id);
    await syncOnce();
    expect(await row(id)).toMatchObject({ state: "finished", pending_action: null, checking: 0, last_actor: ACTOR.label });
  });
});

describe("change notices", () => {
  it("go out for an action, a sync insert, an order and a key test, each for the key", async () => {
    const expectNotice = async (what: () => Promise<unknown>) =>
      expect(await changeNoticesDuring(h.keyId, what)).toBeGreaterThan(0);
    let id = "";
    await expectNotice(async () => {
      id = await h.synced("8383");
    });
    await expectNotice(() => h.act(id, "finish"));
    await expectNotice(async () => h.mod.order.orderNumber(await h.key(), { service: "tg", country: "73", orderId: crypto.randomUUID() }, ACTOR));
    await expectNotice(() => h.mod.keyService.testKey("team-a", ACTOR, h.keyId));
  });
});
