import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSimulator, type TestSimulator } from "@/lib/simulator/test-server";

// The action service against a real simulator over HTTP and a real SQLite file: the server
// refuses what the state machine refuses without any provider call, claims a row so one of two
// simultaneous clicks reaches the provider, and records every call in the append-only log.

const KEY = "service-test-key-0001";
let sim: TestSimulator;
let dir: string;
const TEAM = "team-a";
const OTHER_TEAM = "team-b";
const ACTOR = { id: "user-1", label: "tester@example.test" };
let keyId: string;
let mod: {
  service: typeof import("./service");
  sync: typeof import("@/lib/sync/sync-once");
  keys: typeof import("@/lib/keys/provider-keys");
  keyService: typeof import("@/lib/keys/service");
  db: typeof import("@/lib/db");
  repo: typeof import("./repository");
};
const currentKey = async () => {
  const key = await mod.keys.getTeamKey(TEAM, keyId);
  if (!key) throw new Error("test key missing");
  return key;
};

beforeAll(async () => {
  sim = await startTestSimulator();
  sim.engine.setAccount(KEY, 50);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-service-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
  process.env.SMS_PROVIDER_URL = sim.baseUrl;
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  mod = {
    service: await import("./service"),
    sync: await import("@/lib/sync/sync-once"),
    keys: await import("@/lib/keys/provider-keys"),
    keyService: await import("@/lib/keys/service"),
    db: await import("@/lib/db"),
    repo: await import("./repository"),
  };
  const created = await mod.keyService.createKey(TEAM, ACTOR, { name: "Sim", provider: "simulator", secret: KEY });
  if (!created.ok) throw new Error("key not created");
  keyId = created.value.id;
});

afterAll(async () => {
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function setStatusCalls(id: string): Promise<unknown[]> {
  const response = await fetch(`${sim.baseUrl}/__sim/requests?action=setStatus&id=${id}`);
  return (await response.json()) as unknown[];
}

async function synced(): Promise<string> {
  const bought = sim.engine.createActivation({ key: KEY, service: "tg", country: "73", autoSms: false });
  if (!bought.ok) throw new Error("purchase failed");
  await mod.sync.syncKeyOnce(await currentKey());
  return bought.activation.id;
}

const act = (activationId: string, action: "cancel" | "retry" | "finish", teamId = TEAM) =>
  mod.service.performAction({ teamId, activationId, action, actor: ACTOR });

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
    sim.engine.deliverSms(id, { code: "5151" });
    await mod.sync.syncKeyOnce(await currentKey());
    expect(await act(id, "finish", OTHER_TEAM)).toMatchObject({ ok: false, failure: { code: "ACTIVATION_NOT_FOUND" } });
    expect(await setStatusCalls(id)).toHaveLength(0);
  });

  it("sends one setStatus for two simultaneous clicks", async () => {
    const id = await synced();
    sim.engine.deliverSms(id, { code: "4242" });
    await mod.sync.syncKeyOnce(await currentKey());
    const outcomes = await Promise.all([act(id, "finish"), act(id, "finish"), act(id, "cancel")]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.failure.code)).toEqual(
      expect.arrayContaining(["ACTION_IN_PROGRESS"]),
    );
    expect(await setStatusCalls(id)).toHaveLength(1);
    expect(sim.engine.getActivation(id)?.state).toBe("finished");
  });

  it("records a provider error token, leaves the row as it was and frees it for another try", async () => {
    const id = await synced();
    sim.engine.deliverSms(id, { code: "1111" });
    await mod.sync.syncKeyOnce(await currentKey());
    await fetch(`${sim.baseUrl}/__sim/faults`, {
      method: "POST",
      body: JSON.stringify({ action: "setStatus", kind: "token", token: "ERROR_SQL", times: 1 }),
    });
    expect(await act(id, "finish")).toMatchObject({ ok: false, failure: { code: "ERROR_SQL" } });
    const db = await mod.db.getDb();
    const row = await mod.repo.findActivation(db, keyId, id);
    expect(row).toMatchObject({ state: "code_received", pending_action: null, checking: 0 });
    const events = await db.selectFrom("audit_log").selectAll().where("activation_id", "=", id).execute();
    expect(events).toContainEqual(
      expect.objectContaining({ action: "setStatus", outcome: "error", result: "ERROR_SQL", actor: ACTOR.label, actor_id: ACTOR.id, team_id: TEAM }),
    );
    expect(await act(id, "finish")).toMatchObject({ ok: true });
  });

  it("marks a lost answer as checking, and sync reconciles it with getStatus", async () => {
    const id = await synced();
    sim.engine.deliverSms(id, { code: "2222" });
    await mod.sync.syncKeyOnce(await currentKey());
    await fetch(`${sim.baseUrl}/__sim/faults`, {
      method: "POST",
      body: JSON.stringify({ action: "setStatus", kind: "http502", apply: true, times: 1 }),
    });
    expect(await act(id, "finish")).toMatchObject({ ok: false, failure: { code: "ACTION_CHECKING" } });
    const db = await mod.db.getDb();
    expect(await mod.repo.findActivation(db, keyId, id)).toMatchObject({ checking: 1, pending_action: "finish" });
    await mod.sync.syncKeyOnce(await currentKey());
    expect(await mod.repo.findActivation(db, keyId, id)).toMatchObject({
      state: "finished",
      checking: 0,
      pending_action: null,
      last_actor: ACTOR.label,
    });
  });
});

describe("the audit log", () => {
  it("is append-only", async () => {
    const db = await mod.db.getDb();
    await expect(db.updateTable("audit_log").set({ result: "forged" }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
  });
});

describe("the key vault at rest", () => {
  it("keeps no provider secret in clear in the database file", async () => {
    const db = await mod.db.getDb();
    const { sql } = await import("kysely");
    await sql`PRAGMA wal_checkpoint(FULL)`.execute(db);
    const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
    for (const suffix of ["", "-wal"]) {
      if (fs.existsSync(file + suffix)) expect(fs.readFileSync(file + suffix).includes(KEY)).toBe(false);
    }
  });
});

describe("sync", () => {
  it("mirrors activations bought elsewhere and learns how they ended", async () => {
    const id = await synced();
    const db = await mod.db.getDb();
    expect(await mod.repo.findActivation(db, keyId, id)).toMatchObject({ state: "waiting", origin: "sync" });
    sim.engine.deliverSms(id, { code: "3333" });
    await mod.sync.syncKeyOnce(await currentKey());
    const row = await mod.repo.findActivation(db, keyId, id);
    expect(row?.state).toBe("code_received");
    expect(JSON.parse(row?.codes ?? "[]")).toEqual([expect.objectContaining({ code: "3333" })]);
    // Finished by a script with the same key: it leaves the list, getStatus says STATUS_CANCEL,
    // and because a code had arrived it can only have been finished.
    await fetch(`${sim.apiUrl}?api_key=${KEY}&action=setStatus&id=${id}&status=6`);
    await mod.sync.syncKeyOnce(await currentKey());
    expect((await mod.repo.findActivation(db, keyId, id))?.state).toBe("finished");
  });
});
