import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness } from "@/lib/testing/app-harness";
import { testEngine } from "@/lib/testing/test-database";

// The action service against a real simulator over HTTP and a real SQLite file: the server
// refuses what the state machine refuses without any provider call, claims a row so one of two
// simultaneous clicks reaches the provider, and records every call in the append-only log.

const KEY = "service-test-key-0001";
const OTHER_TEAM = "team-b";
let h: Harness;

beforeAll(async () => {
  h = await startHarness(KEY);
});
afterAll(() => h.close());

const setStatusCalls = (id: string) => h.requests(`action=setStatus&id=${id}`);
const synced = () => h.synced();
const act = (id: string, action: "cancel" | "retry" | "finish", teamId?: string) => h.act(id, action, { teamId });
const syncOnce = async () => h.mod.sync.syncKeyOnce(await h.key());

describe("performAction", () => {
  it("refuses a cancel inside the early-cancel window without calling the provider", async () => {
    const id = await synced();
    const outcome = await act(id, "cancel");
    expect(outcome).toMatchObject({ ok: false, failure: { code: "NOT_ALLOWED_EARLY_CANCEL" } });
    expect(await setStatusCalls(id)).toHaveLength(0);
  });

  it("refuses finish before a code without calling the provider", async () => {
    const id = await synced();
    expect(await act(id, "finish")).toMatchObject({ ok: false, failure: { code: "NOT_ALLOWED_WAITING_FOR_CODE" } });
    expect(await setStatusCalls(id)).toHaveLength(0);
  });

  it("refuses an activation it does not know", async () => {
    expect(await act("999999999", "finish")).toMatchObject({ ok: false, failure: { code: "ACTIVATION_NOT_FOUND" } });
  });

  it("refuses another team's activation without calling the provider", async () => {
    const id = await synced();
    h.sim.engine.deliverSms(id, { code: "5151" });
    await syncOnce();
    expect(await act(id, "finish", OTHER_TEAM)).toMatchObject({ ok: false, failure: { code: "ACTIVATION_NOT_FOUND" } });
    expect(await setStatusCalls(id)).toHaveLength(0);
  });

  it("sends one setStatus for two simultaneous clicks", async () => {
    const id = await synced();
    h.sim.engine.deliverSms(id, { code: "4242" });
    await syncOnce();
    const outcomes = await Promise.all([act(id, "finish"), act(id, "finish"), act(id, "cancel")]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.failure.code)).toEqual(
      expect.arrayContaining(["ACTION_IN_PROGRESS"]),
    );
    expect(await setStatusCalls(id)).toHaveLength(1);
    expect(h.sim.engine.getActivation(id)?.state).toBe("finished");
  });

  it("answers a click with the row exactly as stored (the settle's own RETURNING, no re-read)", async () => {
    const id = await synced();
    h.sim.engine.deliverSms(id, { code: "2424" });
    await syncOnce();
    const outcome = await act(id, "finish");
    if (!outcome.ok) throw new Error(`finish refused: ${outcome.failure.code}`);
    const stored = await h.mod.rows.findActivation(await h.mod.db.getDb(), h.keyId, id);
    if (!stored) throw new Error("row gone");
    // Same values and the same types on both engines (PostgreSQL's bigint parsing included).
    expect(outcome.value).toStrictEqual(h.mod.rows.toDto(stored));
    expect(outcome.value).toMatchObject({ id, state: "finished", lastActor: ACTOR.label });
  });

  it("records a provider error token, leaves the row as it was and frees it for another try", async () => {
    const id = await synced();
    h.sim.engine.deliverSms(id, { code: "1111" });
    await syncOnce();
    await fetch(`${h.sim.baseUrl}/__sim/faults`, {
      method: "POST",
      body: JSON.stringify({ action: "setStatus", kind: "token", token: "ERROR_SQL", times: 1 }),
    });
    expect(await act(id, "finish")).toMatchObject({ ok: false, failure: { code: "ERROR_SQL" } });
    const db = await h.mod.db.getDb();
    const row = await h.mod.rows.findActivation(db, h.keyId, id);
    expect(row).toMatchObject({ state: "code_received", pending_action: null, checking: 0 });
    const events = await db.selectFrom("audit_log").selectAll().where("activation_id", "=", id).execute();
    expect(events).toContainEqual(
      expect.objectContaining({ action: "setStatus", outcome: "error", result: "ERROR_SQL", actor: ACTOR.label, actor_id: ACTOR.id, team_id: "team-a" }),
    );
    expect(await act(id, "finish")).toMatchObject({ ok: true });
  });

  it("marks a lost answer as checking, and sync reconciles it with getStatus", async () => {
    const id = await synced();
    h.sim.engine.deliverSms(id, { code: "2222" });
    await syncOnce();
    await fetch(`${h.sim.baseUrl}/__sim/faults`, {
      method: "POST",
      body: JSON.stringify({ action: "setStatus", kind: "http502", apply: true, times: 1 }),
    });
    expect(await act(id, "finish")).toMatchObject({ ok: false, failure: { code: "ACTION_CHECKING" } });
    const db = await h.mod.db.getDb();
    expect(await h.mod.rows.findActivation(db, h.keyId, id)).toMatchObject({ checking: 1, pending_action: "finish" });
    await syncOnce();
    expect(await h.mod.rows.findActivation(db, h.keyId, id)).toMatchObject({
      state: "finished",
      checking: 0,
      pending_action: null,
      last_actor: ACTOR.label,
    });
  });
});

describe("the audit log", () => {
  it("is append-only", async () => {
    const db = await h.mod.db.getDb();
    await expect(db.updateTable("audit_log").set({ result: "forged" }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
  });
});

describe("the key vault at rest", () => {
  it("keeps no provider secret in clear in the database", async () => {
    const db = await h.mod.db.getDb();
    const { sql } = await import("kysely");
    if (testEngine() === "postgres") {
      // Every row of every table, as text: the secret appears in none.
      const tables = await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db);
      expect(tables.rows.length).toBeGreaterThan(5);
      for (const { name } of tables.rows) {
        const rows = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(name)} t`.execute(db);
        expect(rows.rows.filter((r) => r.row.includes(KEY))).toEqual([]);
      }
      return;
    }
    await sql`PRAGMA wal_checkpoint(FULL)`.execute(db);
    const file = h.dbFile;
    for (const suffix of ["", "-wal"]) {
      if (fs.existsSync(file + suffix)) expect(fs.readFileSync(file + suffix).includes(KEY)).toBe(false);
    }
  });
});

describe("sync", () => {
  it("mirrors activations bought elsewhere and learns how they ended", async () => {
    const id = await synced();
    const db = await h.mod.db.getDb();
    expect(await h.mod.rows.findActivation(db, h.keyId, id)).toMatchObject({ state: "waiting", origin: "sync" });
    h.sim.engine.deliverSms(id, { code: "3333" });
    await syncOnce();
    const row = await h.mod.rows.findActivation(db, h.keyId, id);
    expect(row?.state).toBe("code_received");
    expect(JSON.parse(row?.codes ?? "[]")).toEqual([expect.objectContaining({ code: "3333" })]);
    // Finished by a script with the same key: it leaves the list, getStatus says STATUS_CANCEL,
    // and because a code had arrived it can only have been finished.
    await fetch(`${h.sim.apiUrl}?api_key=${KEY}&action=setStatus&id=${id}&status=6`);
    await syncOnce();
    expect((await h.mod.rows.findActivation(db, h.keyId, id))?.state).toBe("finished");
  });
});

describe("a key's own provider settings", () => {
  it("follows the key's early-cancel window (60 s here) on the server", async () => {
    // A second account: a team may not hold the same secret twice.
    const secret = `${KEY}-fast`;
    h.sim.engine.setAccount(secret, 50);
    const created = await h.mod.keyService.createKey("team-a", ACTOR, {
      name: "Fast cancel",
      provider: "simulator",
      secret,
      earlyCancelSeconds: 60,
      lifetimeSeconds: 900,
    });
    if (!created.ok) throw new Error("key not created");
    const key = await h.mod.keys.getTeamKey("team-a", created.value.id);
    expect(key).toMatchObject({ earlyCancelSeconds: 60, lifetimeSeconds: 900 });
    const bought = h.sim.engine.createActivation({ key: secret, service: "tg", country: "73", autoSms: false });
    if (!bought.ok || !key) throw new Error("setup failed");
    await h.mod.sync.syncKeyOnce(key);
    const row = await h.mod.rows.findActivation(await h.mod.db.getDb(), key.id, bought.activation.id);
    expect(Number(row?.expires_at) - Number(row?.purchased_at)).toBe(900_000);
    // Bought just now on the provider's clock: the key's 60 s window, not the default 120 s.
    expect(await h.act(bought.activation.id, "cancel", { keyId: key.id })).toMatchObject({
      ok: false,
      failure: { code: "NOT_ALLOWED_EARLY_CANCEL", params: { secondsLeft: 60 } },
    });
  });
});
