import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";

// Sync against a provider that pages like HeroSMS (getActiveActivations&start=&limit=, 100 rows a
// page): every active activation reaches the table, none of them is taken for "missing" (no
// getStatus), and a pass over an unchanged list writes nothing. Also a provider that ignores the
// parameters, one that serves fewer rows a page than asked, and a page failing mid-way.

const KEY = "sync-paging-key-0001";
let h: Harness;

type Logged = { action: string; id: string | null; start: string | null; limit: string | null };

beforeAll(async () => {
  h = await startHarness(KEY);
}, 60_000);
afterAll(async () => {
  h.sim.engine.setListing({ pageLimit: null, shape: "activeActivations" });
  await h.close();
});

/** A key of the harness's team on the simulator, with `count` activations bought elsewhere. */
async function keyWith(secret: string, count: number) {
  h.sim.engine.setAccount(secret, 1000);
  const created = await h.mod.keyService.createKey(TEAM, ACTOR, {
    name: secret,
    provider: "simulator",
    secret,
  });
  if (!created.ok) throw new Error("key not created");
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const bought = h.sim.engine.createActivation({
      key: secret,
      service: "tg",
      country: "73",
      autoSms: false,
    });
    if (!bought.ok) throw new Error("purchase failed");
    ids.push(bought.activation.id);
  }
  const keyId = created.value.id;
  const key = async () => {
    const k = await h.mod.keys.getTeamKey(TEAM, keyId);
    if (!k) throw new Error("key missing");
    return k;
  };
  return { keyId, ids, key, pass: async () => h.mod.sync.syncKeyOnce(await key()) };
}

async function rowsOf(keyId: string) {
  const db = await h.mod.db.getDb();
  return db
    .selectFrom("activations")
    .select(["id", "state", "codes", "updated_at"])
    .where("key_id", "=", keyId)
    .execute();
}

/** Cancelled elsewhere (past the early-cancel window): it leaves the provider's list. */
function cancelOnProvider(secret: string, id: string) {
  h.sim.engine.advance(121);
  const answer = h.sim.engine.handle({ api_key: secret, action: "setStatus", id, status: "8" });
  if (answer.body !== "ACCESS_CANCEL") throw new Error(`cancel refused: ${answer.body}`);
}

const versions = async (keyId: string) =>
  new Map((await rowsOf(keyId)).map((r) => [r.id, Number(r.updated_at)]));
const log = async (filter: string) => (await h.requests(filter)) as Logged[];

describe("a provider that pages by 100 (HeroSMS)", () => {
  it("brings all 250 active activations into the table, with no getStatus for any of them", async () => {
    h.sim.engine.setListing({ pageLimit: 100, shape: "data" });
    const k = await keyWith("paging-hero-0001", 245);
    // Five bought through the app: rows of ours before sync ever lists them.
    const key = await k.key();
    for (let i = 0; i < 5; i++) {
      const order = await h.mod.order.orderNumber(
        key,
        { service: "tg", country: "73", orderId: crypto.randomUUID() },
        ACTOR,
      );
      if (!order.ok) throw new Error("order failed");
      k.ids.push(order.value.id);
    }
    await fetch(`${h.sim.baseUrl}/__sim/requests`, { method: "DELETE" });

    await k.pass();
    const rows = await rowsOf(k.keyId);
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(k.ids));
    expect(rows.every((r) => r.state === "waiting")).toBe(true);
    const pages = await log("action=getActiveActivations");
    expect(pages.map((p) => [p.start, p.limit])).toEqual([
      ["0", "100"],
      ["100", "100"],
      ["200", "100"],
      // The walk ends on the empty page after the rows (NO_ACTIVATIONS), no longer on a short one:
      // one request more, on purpose (lib/sync/list-pages.ts).
      ["250", "100"],
    ]);

    // More passes with nothing changed: still no getStatus, and not one row written.
    const before = await versions(k.keyId);
    await k.pass();
    await k.pass();
    expect(await log("action=getStatus")).toEqual([]);
    expect(await versions(k.keyId)).toEqual(before);
  });

  it("writes only the rows the list says something new about", async () => {
    h.sim.engine.setListing({ pageLimit: 100, shape: "rows" });
    const k = await keyWith("paging-rows-0001", 250);
    await k.pass();
    const before = await versions(k.keyId);
    // One code on the last page.
    const coded = k.ids[230] ?? "";
    h.sim.engine.deliverSms(coded, { code: "424242" });
    await k.pass();
    const after = await versions(k.keyId);
    const moved = [...after]
      .filter(([id, version]) => before.get(id) !== version)
      .map(([id]) => id);
    expect(moved).toEqual([coded]);
    const row = (await rowsOf(k.keyId)).find((r) => r.id === coded);
    expect(row).toMatchObject({ state: "code_received" });
    expect(row?.codes).toContain("424242");
  });
});

describe("a provider that serves 50 rows a page though 100 are asked", () => {
  it("brings all 250 into the table with no getStatus, and still finds one that ended", async () => {
    h.sim.engine.setListing({ pageLimit: 50, shape: "activeActivations" });
    const secret = "paging-fifty-0001";
    const k = await keyWith(secret, 250);
    await fetch(`${h.sim.baseUrl}/__sim/requests`, { method: "DELETE" });
    await k.pass();
    await k.pass();
    const rows = await rowsOf(k.keyId);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(k.ids));
    expect(rows.every((r) => r.state === "waiting")).toBe(true);
    // A short page is not the end: every `start` is past the rows that came, up to the empty page.
    const pages = await log("action=getActiveActivations");
    expect(pages.slice(0, 6).map((p) => [p.start, p.limit])).toEqual(
      [0, 50, 100, 150, 200, 250].map((start) => [String(start), "100"]),
    );
    // The first pass walks to the empty page (6 requests); the second stops on the page that
    // showed the last of the 250 rows it holds as active (5): lib/sync/list-pages.ts.
    expect(pages).toHaveLength(11);
    expect(await log("action=getStatus")).toEqual([]);
    // The list is whole: an activation that ended on the provider's side is still found out.
    const ended = k.ids[180] ?? "";
    cancelOnProvider(secret, ended);
    await k.pass();
    expect((await log("action=getStatus")).map((e) => e.id)).toEqual([ended]);
    expect((await rowsOf(k.keyId)).find((r) => r.id === ended)).toMatchObject({
      state: "cancelled",
    });
  });
});

describe("a provider that ignores start and limit", () => {
  it("answers all 250 at once, which is one request and the whole list", async () => {
    h.sim.engine.setListing({ pageLimit: null, shape: "activeActivations" });
    const k = await keyWith("paging-none-0001", 250);
    await fetch(`${h.sim.baseUrl}/__sim/requests`, { method: "DELETE" });
    await k.pass();
    await k.pass();
    expect(await rowsOf(k.keyId)).toHaveLength(250);
    expect(await log("action=getActiveActivations")).toHaveLength(2);
    expect(await log("action=getStatus")).toEqual([]);
    // The list is whole: an activation that ended on the provider's side is still found out.
    const ended = k.ids[7] ?? "";
    cancelOnProvider("paging-none-0001", ended);
    await k.pass();
    expect((await log("action=getStatus")).map((e) => e.id)).toEqual([ended]);
    expect((await rowsOf(k.keyId)).find((r) => r.id === ended)).toMatchObject({
      state: "cancelled",
    });
  });
});

describe("a page failing mid-way", () => {
  it("keeps what the pages before it said, takes nothing for ended and asks no getStatus", async () => {
    h.sim.engine.setListing({ pageLimit: 100, shape: "activeActivations" });
    const secret = "paging-fail-0001";
    const k = await keyWith(secret, 250);
    await k.pass();
    // A code on page 1, and an activation on page 3 really ended on the provider's side.
    const coded = k.ids[5] ?? "";
    const ended = k.ids[240] ?? "";
    h.sim.engine.deliverSms(coded, { code: "5150" });
    cancelOnProvider(secret, ended);
    await fetch(`${h.sim.baseUrl}/__sim/requests`, { method: "DELETE" });
    // Page 1 answers normally, page 2 is a provider error.
    await h.fault({ action: "getActiveActivations", kind: "slow", delayMs: 0 });
    await h.fault({ action: "getActiveActivations", kind: "http500" });

    await expect(k.pass()).rejects.toMatchObject({ code: "HTTP_ERROR" });
    expect(await log("action=getActiveActivations")).toHaveLength(2);
    expect(await log("action=getStatus")).toEqual([]);
    const rows = await rowsOf(k.keyId);
    expect(rows.filter((r) => r.state === "waiting")).toHaveLength(249);
    expect(rows.find((r) => r.id === coded)).toMatchObject({ state: "code_received" });

    // The next whole list finds the ended one, with one getStatus.
    await k.pass();
    expect((await log("action=getStatus")).map((e) => e.id)).toEqual([ended]);
    expect((await rowsOf(k.keyId)).find((r) => r.id === ended)).toMatchObject({
      state: "cancelled",
    });
  });
});
