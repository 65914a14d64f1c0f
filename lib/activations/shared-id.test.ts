import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";

// Activation ids are unique per provider account only: two keys of one team (two providers, or
// two accounts) can each hold an activation with the same id. An action names key and id, and
// reaches exactly that key's row and that key's provider account.

// No background sync loop: B's twin row is not in B's provider list, and a pass would close it.
// (Services ask for a pass through the notifier; nobody may answer it here.)
vi.mock("@/lib/sync/sync-requests", () => ({ requestSync: () => {}, onSyncRequested: () => () => {} }));

const KEY_A = "shared-id-key-AAAA";
const KEY_B = "shared-id-key-BBBB";
let h: Harness;
let keyB: string;

beforeAll(async () => {
  h = await startHarness(KEY_A);
  h.sim.engine.setAccount(KEY_B, 50);
  const created = await h.mod.keyService.createKey(TEAM, ACTOR, { name: "Second", provider: "simulator", secret: KEY_B });
  if (!created.ok) throw new Error("second key not created");
  keyB = created.value.id;
});
afterAll(() => h.close());

/** A row for key B with the same provider id as key A's activation, bought later (the newest). */
async function twin(id: string) {
  const db = await h.mod.db.getDb();
  const a = await h.mod.rows.findActivation(db, h.keyId, id);
  if (!a) throw new Error("no row for key A");
  const later = Number(a.purchased_at) + 1000;
  await db
    .insertInto("activations")
    .values({ ...a, key_id: keyB, phone: "79990000000", purchased_at: later, created_at: later, updated_at: later })
    .execute();
}

const row = async (keyId: string, id: string) => h.mod.rows.findActivation(await h.mod.db.getDb(), keyId, id);
const setStatusSuffixes = async (id: string) =>
  ((await h.requests(`action=setStatus&id=${id}`)) as { keySuffix: string }[]).map((r) => r.keySuffix);

describe("two keys of one team holding the same activation id", () => {
  it("acts on the named key's row and provider account only (A, though B's row is newer)", async () => {
    const id = await h.synced("5511");
    await twin(id);
    expect(await h.act(id, "finish", { keyId: h.keyId })).toMatchObject({ ok: true, value: { keyId: h.keyId, id } });
    expect(await setStatusSuffixes(id)).toEqual([KEY_A.slice(-4)]);
    expect(h.sim.engine.getActivation(id)?.state).toBe("finished");
    expect(await row(h.keyId, id)).toMatchObject({ state: "finished", last_actor: ACTOR.label });
    // B's twin is untouched: same state, no last actor.
    expect(await row(keyB, id)).toMatchObject({ state: "code_received", last_actor: null, pending_action: null });
  });

  it("acts on B's row with B's account when B is named, leaving A's row alone", async () => {
    const id = await h.synced("6622");
    await twin(id);
    // B's account does not own this id on the provider: its answer (NO_ACTIVATION) is B's alone.
    const outcome = await h.act(id, "finish", { keyId: keyB });
    expect(outcome).toMatchObject({ ok: false, failure: { code: "NO_ACTIVATION" } });
    expect(await setStatusSuffixes(id)).toEqual([KEY_B.slice(-4)]);
    expect(h.sim.engine.getActivation(id)?.state).toBe("code_received");
    expect(await row(h.keyId, id)).toMatchObject({ state: "code_received", pending_action: null });
    const audit = await (await h.mod.db.getDb())
      .selectFrom("audit_log")
      .select(["key_id", "result"])
      .where("activation_id", "=", id)
      .where("action", "=", "setStatus")
      .where("outcome", "=", "error")
      .execute();
    expect(audit).toEqual([{ key_id: keyB, result: "NO_ACTIVATION" }]);
  });

  it("refuses a key of the team that does not hold the id, and another team's key, without a call", async () => {
    const id = await h.synced("7733");
    expect(await h.act(id, "finish", { keyId: keyB })).toMatchObject({ ok: false, failure: { code: "ACTIVATION_NOT_FOUND" } });
    expect(await h.act(id, "finish", { teamId: "team-b", keyId: h.keyId })).toMatchObject({
      ok: false,
      failure: { code: "ACTIVATION_NOT_FOUND" },
    });
    expect(await setStatusSuffixes(id)).toEqual([]);
  });
});
