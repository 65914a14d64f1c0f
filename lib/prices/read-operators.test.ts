import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness } from "@/lib/testing/app-harness";

let h: Harness;
let readOperators: typeof import("./read-operators").readOperators;
let forgetPricesOfKey: typeof import("./read-prices").forgetPricesOfKey;
beforeAll(async () => {
  h = await startHarness("read-operators-key-0010");
  ({ readOperators } = await import("./read-operators"));
  ({ forgetPricesOfKey } = await import("./read-prices"));
});
afterAll(() => h.close());

const operatorCalls = async (country: string) =>
  ((await h.requests("action=getOperators")) as Array<{ country: string | null }>).filter((r) => r.country === country);

async function auditRows() {
  const db = await h.mod.db.getDb();
  return db
    .selectFrom("audit_log")
    .select(["actor", "key_id", "outcome", "result", "detail"])
    .where("action", "=", "getOperators")
    .orderBy("id")
    .execute();
}

describe("reading operators for the order dialog", () => {
  it("answers the simulator's list for a country, asks once a minute per key and country, and audits the call", async () => {
    const first = await readOperators(await h.key(), "73", ACTOR);
    expect(first).toEqual({ ok: true, value: ["vivo", "claro", "tim", "oi"] });
    expect(await readOperators(await h.key(), "73", ACTOR)).toEqual(first);
    expect(await operatorCalls("73")).toHaveLength(1);
    expect(await auditRows()).toEqual([{ actor: ACTOR.label, key_id: h.keyId, outcome: "ok", result: "OK", detail: "73; 4 operators" }]);
  });

  it("reads a provider without getOperators (BAD_ACTION) as one that lists none, kept like any answer", async () => {
    await h.fault({ action: "getOperators", kind: "token", token: "BAD_ACTION" });
    expect(await readOperators(await h.key(), "0", ACTOR)).toEqual({ ok: true, value: [] });
    expect(await readOperators(await h.key(), "0", ACTOR)).toEqual({ ok: true, value: [] });
    expect(await operatorCalls("0")).toHaveLength(1);
    expect((await auditRows()).at(-1)).toMatchObject({ outcome: "ok", result: "OK", detail: "0; none listed" });
  });

  it("turns a lost answer into a failure, audited, and asks again next time", async () => {
    await h.fault({ action: "getOperators", kind: "garbage" });
    expect(await readOperators(await h.key(), "16", ACTOR)).toEqual({ ok: false, failure: { code: "PRICES_NO_ANSWER" } });
    expect((await auditRows()).at(-1)).toMatchObject({ outcome: "unknown", result: "PROTOCOL_ERROR", detail: "16" });
    expect(await readOperators(await h.key(), "16", ACTOR)).toEqual({ ok: true, value: ["ee", "vodafone", "o2", "three"] });
    expect(await operatorCalls("16")).toHaveLength(2);
  });

  it("forgets a key's operators with its prices (secret rotated, key disabled or deleted)", async () => {
    await readOperators(await h.key(), "6", ACTOR);
    forgetPricesOfKey(h.keyId);
    await readOperators(await h.key(), "6", ACTOR);
    expect(await operatorCalls("6")).toHaveLength(2);
  });

  it("makes no call with a key the provider banned", async () => {
    const banned = { ...(await h.key()), bannedUntilMs: Date.now() + 60_000 };
    expect(await readOperators(banned, "12", ACTOR)).toMatchObject({ ok: false, failure: { code: "KEY_BANNED" } });
    expect(await operatorCalls("12")).toHaveLength(0);
  });
});
