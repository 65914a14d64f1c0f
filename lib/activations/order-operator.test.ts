import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness } from "@/lib/testing/app-harness";

// The order dialog's optional operator: sent to getNumber when chosen, not at all for "any" or
// none (smart buy and quick buys order without one), and named in the audit row.

let h: Harness;
beforeAll(async () => {
  h = await startHarness("order-operator-key-0010");
});
afterAll(() => h.close());

const order = async (operator: string | undefined) =>
  h.mod.order.orderNumber(await h.key(), { service: "tg", country: "73", orderId: crypto.randomUUID(), operator }, ACTOR);

async function lastOrderAudit() {
  const db = await h.mod.db.getDb();
  const rows = await db.selectFrom("audit_log").select("detail").where("action", "=", "getNumber").orderBy("id").execute();
  return rows.at(-1)?.detail;
}

describe("ordering with an operator", () => {
  it("sends the operator chosen and names it in the audit row (the e2e spec checks the activation)", async () => {
    const bought = await order("claro");
    expect(bought.ok).toBe(true);
    const [call] = (await h.requests("action=getNumberV2")) as Array<{ operator: string | null }>;
    expect(call?.operator).toBe("claro");
    expect(await lastOrderAudit()).toMatch(/^tg\/73 operator claro/);
  });

  it.each([
    ["none", undefined],
    ["'any'", "any"],
    ["'ANY'", "ANY"],
  ])("sends no operator for %s", async (_name, operator) => {
    const before = ((await h.requests("action=getNumberV2")) as unknown[]).length;
    expect((await order(operator)).ok).toBe(true);
    const calls = (await h.requests("action=getNumberV2")) as Array<{ operator: string | null }>;
    expect(calls).toHaveLength(before + 1);
    expect(calls.at(-1)?.operator).toBeNull();
    expect(await lastOrderAudit()).not.toContain("operator");
  });
});
