import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { type Harness, startHarness } from "@/lib/testing/app-harness";

// Exactly one sync loop per key across the cluster. This process's registry is one instance
// (holder id instanceId()); "other-instance" and "thief" are instances played by taking the
// lease directly. Provider calls are read from the simulator's request log.

const KEY = "registry-lease-key-0001";
const INTERVAL_MS = 250;
const TTL_MS = 1000;
let h: Harness;
let db: Kysely<Database>;
let registry: typeof import("./registry");
let lease: typeof import("./lease");
let me: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Logged = { at: string; action: string | null };

async function listCallsSince(since: string): Promise<Logged[]> {
  return ((await h.requests("action=getActiveActivations")) as Logged[]).filter((r) => r.at > since);
}



async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(25);
  }
  return Date.now() - started;
}

const leaseRow = () => db.selectFrom("sync_leases").selectAll().where("key_id", "=", h.keyId).executeTakeFirstOrThrow();

beforeAll(async () => {
  h = await startHarness(KEY, {
    SYNC_INTERVAL_MS: String(INTERVAL_MS),
    SYNC_LEASE_TTL_MS: String(TTL_MS),
    BALANCE_INTERVAL_MS: "1000",
    PROVIDER_MAX_REQUESTS_PER_SECOND: "50",
  });
  db = await h.mod.db.getDb();
  registry = await import("./registry");
  lease = await import("./lease");
  me = (await import("./instance")).instanceId();
  // Migrating a fresh PostgreSQL database takes several seconds on a busy machine.
}, 60_000);
afterAll(async () => {
  await registry.stopSync();
  await h.close();
});

describe("sync lease in the registry", () => {
  it("runs no pass while another live instance holds the key's lease", async () => {
    expect(await lease.takeLease(db, h.keyId, "other-instance", 60_000)).not.toBeNull();
    const since = new Date().toISOString();
    const id = h.boughtElsewhere();
    await registry.startSync();
    await sleep(4 * INTERVAL_MS + 300);
    expect(await listCallsSince(since)).toEqual([]);
    expect(await h.imported(id)).toBe(false);
    expect(await leaseRow()).toMatchObject({ holder: "other-instance" });
  });

  it("takes the key over within TTL + interval + 1 s once the holder stops renewing (killed)", async () => {
    // The holder's last renewal, then silence.
    expect(await lease.takeLease(db, h.keyId, "other-instance", TTL_MS)).not.toBeNull();
    const id = h.boughtElsewhere();
    const took = await waitUntil(() => h.imported(id), TTL_MS + INTERVAL_MS + 1000);
    expect(took).toBeLessThanOrEqual(TTL_MS + INTERVAL_MS + 1000);
    expect(await leaseRow()).toMatchObject({ holder: me, epoch: 2 });
  });

  it("keeps the lease alive by its heartbeat while it syncs (no change of hands)", async () => {
    await sleep(3 * TTL_MS);
    expect(await leaseRow()).toMatchObject({ holder: me, epoch: 2 });
    expect(await lease.takeLease(db, h.keyId, "other-instance", TTL_MS)).toBeNull();
  });

  it("stops calling the provider once its lease was taken (a stall past the TTL)", async () => {
    // What another instance does once our lease has expired: steal it.
    await db.updateTable("sync_leases").set({ expires_at: 0 }).where("key_id", "=", h.keyId).execute();
    expect((await lease.takeLease(db, h.keyId, "thief", 60_000))?.epoch).toBe(3);
    // A pass under way may finish its call; from then on, nothing.
    await sleep(TTL_MS / 3 + INTERVAL_MS + 200);
    const since = new Date().toISOString();
    const id = h.boughtElsewhere();
    await sleep(4 * INTERVAL_MS + 300);
    expect(await listCallsSince(since)).toEqual([]);
    expect(await h.imported(id)).toBe(false);
    // The thief leaves cleanly: we take over on our next try.
    await lease.releaseLeases(db, "thief");
    await waitUntil(() => h.imported(id), INTERVAL_MS + 1000);
    expect(await leaseRow()).toMatchObject({ holder: me, epoch: 4 });
  });

  it("releases its leases on a clean stop, so another instance takes them at once", async () => {
    await registry.stopSync();
    const row = await leaseRow();
    expect(row.holder).toBe(me);
    expect((await lease.takeLease(db, h.keyId, "other-instance", 60_000))?.epoch).toBe(5);
    const since = new Date().toISOString();
    await sleep(4 * INTERVAL_MS);
    expect(await listCallsSince(since)).toEqual([]);
  });

  it("a pass whose lease is lost after the list stops before its next provider call", async () => {
    // The registry is stopped (test above): only this pass calls the provider.
    const id = await h.synced("5150");
    // Finished elsewhere: it leaves the list, so a pass would ask getStatus about it.
    await fetch(`${h.sim.apiUrl}?api_key=${KEY}&action=setStatus&id=${id}&status=6`);
    const before = (await h.requests(`action=getStatus&id=${id}`)).length;
    let checks = 0;
    // True for the check before the list only, as if the lease ran out during that call.
    await h.mod.sync.syncKeyOnce(await h.key(), { stillHolds: () => checks++ === 0 });
    expect(checks).toBeGreaterThan(1);
    expect((await h.requests(`action=getStatus&id=${id}`)).length).toBe(before);
    // The same pass with its lease kept does ask (so the check above is not vacuous).
    await h.mod.sync.syncKeyOnce(await h.key(), { stillHolds: () => true });
    expect((await h.requests(`action=getStatus&id=${id}`)).length).toBe(before + 1);
  });
});
