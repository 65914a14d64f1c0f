import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";

// A key whose secret the vault cannot decrypt (SMS_DESK_SECRET changed, a database restored
// beside another master.key) among three: it is marked "needs its secret again" and audited
// once, makes no provider call, and the two others keep syncing and taking actions. Before, one
// unreadable key made every key read throw: no sync for anyone, /api/health 500.

const SECRETS = {
  a: "unreadable-key-a-aaa1",
  b: "unreadable-key-b-bbb2",
  c: "unreadable-key-c-ccc3",
};
let h: Harness;
let vault: typeof import("./vault");
let registry: typeof import("@/lib/sync/registry");
let ids: { a: string; b: string; c: string };
/** An activation of key B, with a code, imported before B's secret became unreadable. */
let bActivation: string;

const db = () => h.mod.db.getDb();
const suffix = (s: string) => s.slice(-4);

async function teamKey(id: string) {
  const key = await h.mod.keys.getTeamKey(TEAM, id, { enabledOnly: true });
  if (!key) throw new Error(`key ${id} missing`);
  return key;
}

async function addKey(name: string, secret: string): Promise<string> {
  h.sim.engine.setAccount(secret, 50);
  const created = await h.mod.keyService.createKey(TEAM, ACTOR, {
    name,
    provider: "simulator",
    secret,
  });
  if (!created.ok) throw new Error(`key ${name} not created`);
  return created.value.id;
}

async function buy(secret: string, code?: string): Promise<string> {
  const bought = h.sim.engine.createActivation({
    key: secret,
    service: "tg",
    country: "73",
    autoSms: false,
  });
  if (!bought.ok) throw new Error("purchase failed");
  if (code) h.sim.engine.deliverSms(bought.activation.id, { code });
  return bought.activation.id;
}

async function waitForRow(
  id: string,
  timeoutMs = 8000,
): Promise<{ key_id: string; state: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await (await db())
      .selectFrom("activations")
      .select(["key_id", "state"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`activation ${id} never synced`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const unreadableAudits = async () =>
  (await db())
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", "key.unreadable")
    .where("key_id", "=", ids.b)
    .execute();

async function callsWith(secretSuffix: string, since: string) {
  const all = (await h.requests("")) as { keySuffix: string; at: string }[];
  return all.filter((r) => r.keySuffix === secretSuffix && r.at > since);
}

beforeAll(async () => {
  h = await startHarness(SECRETS.a, { SYNC_INTERVAL_MS: "250", BALANCE_INTERVAL_MS: "1000" });
  vault = await import("./vault");
  registry = await import("@/lib/sync/registry");
  ids = { a: h.keyId, b: await addKey("Key B", SECRETS.b), c: await addKey("Key C", SECRETS.c) };
  bActivation = await buy(SECRETS.b, "1111");
  await h.mod.sync.syncKeyOnce(await teamKey(ids.b));
  // Sealed under another master secret: exactly what a changed SMS_DESK_SECRET looks like.
  await (await db())
    .updateTable("provider_keys")
    .set({ secret_sealed: vault.encryptSecret(SECRETS.b, ids.b, randomBytes(32)) })
    .where("id", "=", ids.b)
    .execute();
  // A sync pass that read B just before is allowed to finish with the secret it had.
  await new Promise((r) => setTimeout(r, 500));
});
afterAll(() => h.close());

describe("one key whose secret cannot be decrypted", () => {
  let corruptedAt: string;

  it("does not stop listEnabledKeys: the others load, it comes back marked with no secret", async () => {
    corruptedAt = new Date().toISOString();
    const first = await h.mod.keys.listEnabledKeys();
    const second = await h.mod.keys.listEnabledKeys();
    for (const keys of [first, second]) {
      expect(keys.map((k) => k.id).sort()).toEqual([ids.a, ids.b, ids.c].sort());
      const byId = new Map(keys.map((k) => [k.id, k]));
      expect(byId.get(ids.a)).toMatchObject({ secret: SECRETS.a, brokenCode: null });
      expect(byId.get(ids.c)).toMatchObject({ secret: SECRETS.c, brokenCode: null });
      expect(byId.get(ids.b)).toMatchObject({ secret: "", brokenCode: "SECRET_UNREADABLE" });
    }
    const row = await (await db())
      .selectFrom("provider_keys")
      .selectAll()
      .where("id", "=", ids.b)
      .executeTakeFirstOrThrow();
    expect(row.broken_code).toBe("SECRET_UNREADABLE");
  });

  it("is audited exactly once, however often it is read", async () => {
    await registry.ensureSyncRunning(true);
    await h.mod.keys.getTeamKey(TEAM, ids.b);
    await h.mod.keys.getEnabledKey(ids.b);
    await h.mod.keys.listEnabledKeys();
    const audits = await unreadableAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      team_id: TEAM,
      outcome: "error",
      result: "SECRET_UNREADABLE",
    });
  });

  it("answers /api/health with 200", async () => {
    const { GET } = await import("@/app/api/health/route");
    expect((await GET()).status).toBe(200);
  });

  it("leaves the two other keys syncing through their loops", async () => {
    await registry.ensureSyncRunning(true);
    const [fromA, fromC] = [await buy(SECRETS.a), await buy(SECRETS.c)];
    expect(await waitForRow(fromA)).toMatchObject({ key_id: ids.a, state: "waiting" });
    expect(await waitForRow(fromC)).toMatchObject({ key_id: ids.c, state: "waiting" });
  });

  it("leaves the two other keys taking actions, and refuses B's before any provider call", async () => {
    const fromC = await buy(SECRETS.c, "3333");
    await h.mod.sync.syncKeyOnce(await teamKey(ids.c));
    expect(await h.act(fromC, "finish", { keyId: ids.c })).toMatchObject({ ok: true });
    const fromA = await h.synced("4444");
    expect(await h.act(fromA, "finish")).toMatchObject({ ok: true });

    expect(await h.act(bActivation, "finish", { keyId: ids.b })).toEqual({
      ok: false,
      failure: { code: "KEY_SECRET_UNREADABLE" },
    });
    const b = await teamKey(ids.b);
    expect(b).toMatchObject({ brokenCode: "SECRET_UNREADABLE", secret: "" });
    const order = await h.mod.order.orderNumber(
      b,
      { service: "tg", country: "73", orderId: randomUUID() },
      ACTOR,
    );
    expect(order).toEqual({ ok: false, failure: { code: "KEY_SECRET_UNREADABLE" } });
  });

  it("answers Test with the clear error instead of throwing, and calls nobody", async () => {
    expect(await h.mod.keyService.testKey(TEAM, ACTOR, ids.b)).toEqual({
      ok: false,
      failure: { code: "KEY_SECRET_UNREADABLE" },
    });
  });

  it("made no provider call with B's secret, or an empty one, since it became unreadable", async () => {
    expect(await callsWith(suffix(SECRETS.b), corruptedAt)).toEqual([]);
    expect(await callsWith("", corruptedAt)).toEqual([]);
    expect(await unreadableAudits()).toHaveLength(1);
  });

  it("works again once an admin pastes its secret with Rotate", async () => {
    expect(await h.mod.keyService.rotateKey(TEAM, ACTOR, ids.b, SECRETS.b)).toMatchObject({
      ok: true,
    });
    expect(await h.mod.keys.getTeamKey(TEAM, ids.b)).toMatchObject({
      brokenCode: null,
      secret: SECRETS.b,
    });
    expect(await h.act(bActivation, "finish", { keyId: ids.b })).toMatchObject({ ok: true });
  });

  it("lifts the mark by itself when the right master secret is back", async () => {
    const sealed = (
      await (
        await db()
      )
        .selectFrom("provider_keys")
        .select("secret_sealed")
        .where("id", "=", ids.c)
        .executeTakeFirstOrThrow()
    ).secret_sealed;
    const setC = (value: string) =>
      db().then((d) =>
        d
          .updateTable("provider_keys")
          .set({ secret_sealed: value })
          .where("id", "=", ids.c)
          .execute(),
      );
    await setC(vault.encryptSecret(SECRETS.c, ids.c, randomBytes(32)));
    expect(await h.mod.keys.getEnabledKey(ids.c)).toMatchObject({
      brokenCode: "SECRET_UNREADABLE",
    });
    await setC(sealed);
    expect(await h.mod.keys.getEnabledKey(ids.c)).toMatchObject({
      brokenCode: null,
      secret: SECRETS.c,
    });
  });

  it("is found by the keys page even when disabled, so admins see it before sync does", async () => {
    const secret = "unreadable-key-d-ddd4";
    const id = await addKey("Key D", secret);
    expect(await h.mod.keyService.setKeyEnabled(TEAM, ACTOR, id, false)).toMatchObject({ ok: true });
    const k = await db();
    await k
      .updateTable("provider_keys")
      .set({ secret_sealed: vault.encryptSecret(secret, id, randomBytes(32)) })
      .where("id", "=", id)
      .execute();
    await h.mod.keys.checkTeamKeysReadable(TEAM);
    const row = await k.selectFrom("provider_keys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.broken_code).toBe("SECRET_UNREADABLE");
    expect(await h.mod.keyService.testKey(TEAM, ACTOR, id)).toEqual({
      ok: false,
      failure: { code: "KEY_SECRET_UNREADABLE" },
    });
  });

  it("never marks a key rotated between the read and the mark (a stale read of the old ciphertext)", async () => {
    const health = await import("./health");
    const id = await addKey("Key F", "unreadable-key-f-fff6");
    const staleSealed = vault.encryptSecret("whatever", id, randomBytes(32));
    // Sync read this unreadable ciphertext; meanwhile an admin's Rotate wrote a good one.
    await health.recordSecretUnreadable({ id, teamId: TEAM, sealed: staleSealed });
    const row = await (await db()).selectFrom("provider_keys").select("broken_code").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.broken_code).toBeNull();
    const audits = await (await db()).selectFrom("audit_log").select("id").where("action", "=", "key.unreadable").where("key_id", "=", id).execute();
    expect(audits).toHaveLength(0);
  });
});
