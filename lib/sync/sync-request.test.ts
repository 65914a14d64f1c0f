import type { Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { type Harness, startHarness } from "@/lib/testing/app-harness";
import { testEngine } from "@/lib/testing/test-database";

// A sync request reaches the key's lease holder wherever it was made. The interval is ten
// minutes, so after the first pass only a request can cause another. On PostgreSQL the request
// is a NOTIFY sent over a connection of its own, as another instance would send it; on SQLite
// (one process) it is the local event requestSync emits.

const KEY = "sync-request-key-0002";
let h: Harness;
let db: Kysely<Database>;
let registry: typeof import("./registry");
// Imported after the harness set the environment (lib/config/env.ts reads it once).
let notify: typeof import("@/lib/db/notify").notify;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const listCalls = async () => (await h.requests("action=getActiveActivations")).length;



/** Sends the request (again every 500 ms: the LISTEN connection may still be connecting). */
async function requestUntilImported(
  send: () => Promise<void>,
  id: string,
  timeoutMs: number,
  keyId = h.keyId,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await send();
    for (let i = 0; i < 20; i++) {
      if (await h.imported(id, keyId)) return;
      await sleep(25);
    }
  }
  throw new Error("the sync request never reached the holder");
}

beforeAll(async () => {
  h = await startHarness(KEY, { SYNC_INTERVAL_MS: "600000", BALANCE_INTERVAL_MS: "600000" });
  db = await h.mod.db.getDb();
  registry = await import("./registry");
  notify = (await import("@/lib/db/notify")).notify;
  await registry.startSync();
  // The first pass, at start.
  for (let i = 0; i < 200 && (await listCalls()) === 0; i++) await sleep(25);
  await sleep(200);
  // Migrating a fresh PostgreSQL database takes several seconds on a busy machine.
}, 60_000);
afterAll(async () => {
  await registry.stopSync();
  await h.close();
});

describe("a sync request", () => {
  it("brings no pass by itself (the interval is long): the baseline", async () => {
    const calls = await listCalls();
    const id = h.boughtElsewhere();
    await sleep(1000);
    expect(await listCalls()).toBe(calls);
    expect(await h.imported(id)).toBe(false);
  });

  it("sent as a notice by another instance (a NOTIFY on its own connection) reaches the holder's loop", async () => {
    const payload = JSON.stringify({ keyId: h.keyId });
    // SQLite has no other instance: the notice is the in-process event, sent the same way.
    const other = testEngine() === "postgres" ? new pg.Client({ connectionString: process.env.DATABASE_URL }) : null;
    await other?.connect();
    try {
      const id = h.boughtElsewhere();
      const send = async () => {
        if (other) await other.query("SELECT pg_notify('sms_desk_sync', $1)", [payload]);
        else await notify(db, "sms_desk_sync", payload);
      };
      await requestUntilImported(send, id, 5000);
    } finally {
      await other?.end();
    }
  });

  it("made with requestSync in this instance reaches the loop", async () => {
    const { requestSync } = await import("./sync-requests");
    const id = h.boughtElsewhere();
    await requestUntilImported(async () => requestSync(h.keyId), id, 5000);
  });

  it("for a key created after start starts its loop", async () => {
    h.sim.engine.setAccount("sync-request-key-0003", 5);
    const created = await h.mod.keyService.createKey("team-a", { id: "user-1", label: "tester@example.test" }, {
      name: "Second",
      provider: "simulator",
      secret: "sync-request-key-0003",
    });
    if (!created.ok) throw new Error("key not created");
    const bought = h.sim.engine.createActivation({ key: "sync-request-key-0003", service: "tg", country: "73", autoSms: false });
    if (!bought.ok) throw new Error("purchase failed");
    // createKey itself asks for a sync of the new key; asking again is harmless.
    const { requestSync } = await import("./sync-requests");
    await requestUntilImported(async () => requestSync(created.value.id), bought.activation.id, 5000, created.value.id);
  });
});
