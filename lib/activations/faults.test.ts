import diagnosticsChannel from "node:diagnostics_channel";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";

// Provider faults, each with its defined outcome: a ban pauses the key until the given time, a
// rejected key pauses it until an admin acts, ERROR_SQL is transient, and every call for a key
// stays under the per-key rate however many callers there are.

const KEY = "faults-test-key-0002";
let h: Harness;

beforeAll(async () => {
  h = await startHarness(KEY, { PROVIDER_MAX_REQUESTS_PER_SECOND: "20" });
});
afterAll(() => h.close());

async function keyRow() {
  return (await h.mod.db.getDb()).selectFrom("provider_keys").selectAll().where("id", "=", h.keyId).executeTakeFirstOrThrow();
}

async function clearHealth() {
  await (await h.mod.db.getDb())
    .updateTable("provider_keys")
    .set({ banned_until: null, broken_code: null, broken_at: null })
    .where("id", "=", h.keyId)
    .execute();
}

beforeEach(clearHealth);

describe("BANNED", () => {
  it("marks the key banned until the provider's time, then refuses actions without a call", async () => {
    const id = await h.synced("7001");
    // The simulator's clock stands at 2026-01-15 12:00:00 UTC: banned for one hour from then.
    await h.fault({ action: "setStatus", kind: "token", token: "BANNED:'2026-01-15 13:00:00'" });
    expect(await h.act(id, "finish")).toMatchObject({ ok: false, failure: { code: "BANNED" } });
    const row = await keyRow();
    expect(Number(row.banned_until) - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(Number(row.banned_until) - Date.now()).toBeLessThan(65 * 60_000);

    expect(await h.act(id, "finish")).toMatchObject({ ok: false, failure: { code: "KEY_BANNED" } });
    expect(await h.requests(`action=setStatus&id=${id}`)).toHaveLength(1);
    const audit = await (await h.mod.db.getDb()).selectFrom("audit_log").selectAll().where("action", "=", "key.banned").execute();
    expect(audit).toHaveLength(1);
  });

  it("refuses orders while banned, without a call", async () => {
    await (await h.mod.db.getDb()).updateTable("provider_keys").set({ banned_until: Date.now() + 60_000 }).execute();
    const before = (await h.requests("action=getNumberV2")).length;
    const outcome = await h.mod.order.orderNumber(await h.key(), { service: "tg", country: "73", orderId: crypto.randomUUID() }, ACTOR);
    expect(outcome).toMatchObject({ ok: false, failure: { code: "KEY_BANNED" } });
    expect((await h.requests("action=getNumberV2")).length).toBe(before);
  });
});

describe("sync", () => {
  it("makes no call for a banned key, and resumes once the ban is over", async () => {
    const db = await h.mod.db.getDb();
    await db.updateTable("provider_keys").set({ banned_until: Date.now() + 60_000 }).execute();
    const before = (await h.requests("action=getActiveActivations")).length;
    await h.mod.sync.syncKeyOnce(await h.key());
    expect((await h.requests("action=getActiveActivations")).length).toBe(before);
    await db.updateTable("provider_keys").set({ banned_until: Date.now() - 1 }).execute();
    await h.mod.sync.syncKeyOnce(await h.key());
    expect((await h.requests("action=getActiveActivations")).length).toBe(before + 1);
  });
});

describe("BAD_KEY and ACCOUNT_INACTIVE", () => {
  it.each(["BAD_KEY", "ACCOUNT_INACTIVE"])("%s marks the key broken once, and actions stop", async (token) => {
    const id = await h.synced("7002");
    await h.fault({ action: "setStatus", kind: "token", token });
    expect(await h.act(id, "finish")).toMatchObject({ ok: false, failure: { code: token } });
    expect((await keyRow()).broken_code).toBe(token);
    expect(await h.act(id, "finish")).toMatchObject({ ok: false, failure: { code: "KEY_BROKEN", params: { reason: token } } });
    expect(await h.requests(`action=setStatus&id=${id}`)).toHaveLength(1);
  });

  it("is cleared by a successful key test", async () => {
    await (await h.mod.db.getDb()).updateTable("provider_keys").set({ broken_code: "BAD_KEY", broken_at: Date.now() }).execute();
    expect(await h.mod.keyService.testKey(TEAM, ACTOR, h.keyId)).toMatchObject({ ok: true });
    expect((await keyRow()).broken_code).toBeNull();
  });
});

describe("ERROR_SQL", () => {
  it("is transient: the key stays healthy and the next try goes through", async () => {
    const id = await h.synced("7003");
    await h.fault({ action: "setStatus", kind: "token", token: "ERROR_SQL" });
    expect(await h.act(id, "finish")).toMatchObject({ ok: false, failure: { code: "ERROR_SQL" } });
    const row = await keyRow();
    expect(row.banned_until).toBeNull();
    expect(row.broken_code).toBeNull();
    expect(await h.act(id, "finish")).toMatchObject({ ok: true });
  });
});

describe("orders", () => {
  it("a dialog submitted twice at once buys one number", async () => {
    const orderId = crypto.randomUUID();
    const before = (await h.requests("action=getNumberV2")).length;
    const key = await h.key();
    const input = { service: "tg", country: "73", orderId };
    const [a, b] = await Promise.all([h.mod.order.orderNumber(key, input, ACTOR), h.mod.order.orderNumber(key, input, ACTOR)]);
    expect((await h.requests("action=getNumberV2")).length).toBe(before + 1);
    const succeeded = [a, b].filter((o) => o.ok);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    const other = a.ok ? b : a;
    if (!other.ok) expect(other.failure.code).toBe("ORDER_IN_PROGRESS");
    // Submitted again later: the same activation, still no new purchase.
    // Either submission may win the claim (on PostgreSQL they really run at once).
    const winner = succeeded[0];
    const again = await h.mod.order.orderNumber(key, input, ACTOR);
    expect(again.ok && winner?.ok && again.value.id === winner.value.id).toBe(true);
    expect((await h.requests("action=getNumberV2")).length).toBe(before + 1);
  });
});

describe("the per-key rate limit", () => {
  it("keeps 60 simultaneous calls for one key under the configured rate", async () => {
    await fetch(`${h.sim.baseUrl}/__sim/requests`, { method: "DELETE" });
    const client = (await import("@/lib/keys/provider-client")).providerClientFor(await h.key(), { priority: "user" });
    // When each request leaves this process (undici's own event), not when the simulator logs
    // it: arrival times carry the loaded machine's jitter (a burst request arriving 50 ms late
    // once put 41 in a window), and the bucket's promise is about what we send.
    const times: number[] = [];
    const onCreate = (message: unknown) => {
      const path = String((message as { request?: { path?: string } }).request?.path ?? "");
      if (path.includes("action=getBalance")) times.push(performance.now());
    };
    diagnosticsChannel.subscribe("undici:request:create", onCreate);
    try {
      await Promise.all(Array.from({ length: 60 }, () => client.getBalance()));
    } finally {
      diagnosticsChannel.unsubscribe("undici:request:create", onCreate);
    }
    expect(await h.requests("action=getBalance")).toHaveLength(60);
    expect(times).toHaveLength(60);
    times.sort((x, y) => x - y);
    // 20/s with a burst of 20: 60 calls need at least ~2 s, and no second holds more than 20 + 20.
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1900);
    for (const t of times) {
      expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(40);
    }
  });
});
