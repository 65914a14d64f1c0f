import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness } from "@/lib/testing/app-harness";

let h: Harness;
let readPrices: typeof import("./read-prices").readPrices;
let forgetPricesOfKey: typeof import("./read-prices").forgetPricesOfKey;
beforeAll(async () => {
  h = await startHarness("read-prices-key-0010");
  ({ readPrices, forgetPricesOfKey } = await import("./read-prices"));
});
afterAll(() => h.close());

const getPricesCalls = async (service: string) =>
  ((await h.requests("action=getPrices")) as Array<{ service: string | null }>).filter((r) => r.service === service);

async function auditRows(action: string) {
  const db = await h.mod.db.getDb();
  return db.selectFrom("audit_log").select(["actor", "key_id", "outcome", "result", "detail"]).where("action", "=", action).orderBy("id").execute();
}

describe("reading prices for the order dialog", () => {
  it("answers the simulator's prices cheapest first (sold-out ones by price too: the dialog moves them last), asks once a minute, and audits the call", async () => {
    const first = await readPrices(await h.key(), "tg", ACTOR);
    expect(first.ok && first.value.map((o) => o.country)).toEqual(["6", "187", "73", "0", "999", "16", "12"]);
    expect(first.ok && first.value[0]).toEqual({ country: "6", cost: 0.2, count: 1000 });
    const again = await readPrices(await h.key(), "tg", ACTOR);
    expect(again).toEqual(first);
    expect(await getPricesCalls("tg")).toHaveLength(1);
    expect(await auditRows("getPrices")).toEqual([
      { actor: ACTOR.label, key_id: h.keyId, outcome: "ok", result: "OK", detail: "tg; 7 offers" },
    ]);
  });

  it("turns a provider fault into a failure, audited, and asks again next time", async () => {
    await h.fault({ action: "getPrices", kind: "garbage" });
    const failed = await readPrices(await h.key(), "wa", ACTOR);
    expect(failed).toEqual({ ok: false, failure: { code: "PRICES_NO_ANSWER" } });
    // Garbage is a lost answer to the client ("unknown"); for a read that only means "ask again".
    expect((await auditRows("getPrices")).at(-1)).toMatchObject({ outcome: "unknown", result: "PROTOCOL_ERROR", detail: "wa" });
    const next = await readPrices(await h.key(), "wa", ACTOR);
    expect(next.ok).toBe(true);
    expect(await getPricesCalls("wa")).toHaveLength(2);
  });

  it("forgets a key's prices when told (its secret rotated, the key disabled or deleted)", async () => {
    await readPrices(await h.key(), "vi", ACTOR);
    await readPrices(await h.key(), "vi", ACTOR);
    expect(await getPricesCalls("vi")).toHaveLength(1);
    forgetPricesOfKey(h.keyId);
    await readPrices(await h.key(), "vi", ACTOR);
    expect(await getPricesCalls("vi")).toHaveLength(2);
  });

  it("makes no call with a key the provider banned", async () => {
    const banned = { ...(await h.key()), bannedUntilMs: Date.now() + 60_000 };
    expect(await readPrices(banned, "go", ACTOR)).toMatchObject({ ok: false, failure: { code: "KEY_BANNED" } });
    expect(await getPricesCalls("go")).toHaveLength(0);
  });
});
