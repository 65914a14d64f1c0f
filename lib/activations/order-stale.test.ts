import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness } from "@/lib/testing/app-harness";

// A resubmitted order whose first call is still "pending": in progress while that call may be
// under way, ORDER_UNKNOWN once it cannot be (its instance died before recording the answer),
// never "in progress" forever.

const TIMEOUT_MS = 100_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness("order-stale-key-0031", { PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS) });
});
afterAll(() => h.close());

async function pendingOrder(agoMs: number): Promise<string> {
  const orderId = crypto.randomUUID();
  const at = Date.now() - agoMs;
  const key = await h.key();
  await (await h.mod.db.getDb())
    .insertInto("order_requests")
    .values({ order_id: orderId, team_id: key.teamId, key_id: key.id, status: "pending", created_at: at, updated_at: at })
    .execute();
  return orderId;
}

const resubmit = async (orderId: string) => h.mod.order.orderNumber(await h.key(), { service: "tg", country: "73", orderId }, ACTOR);

describe("a resubmitted order still pending", () => {
  it("is in progress while its call may be under way", async () => {
    const orderId = await pendingOrder(TIMEOUT_MS - 5000);
    expect(await resubmit(orderId)).toEqual({ ok: false, failure: { code: "ORDER_IN_PROGRESS" } });
  });

  it("is unknown once no call can still be under way", async () => {
    const orderId = await pendingOrder(TIMEOUT_MS + 31_000);
    expect(await resubmit(orderId)).toEqual({ ok: false, failure: { code: "ORDER_UNKNOWN" } });
    expect(await h.requests("action=getNumberV2")).toHaveLength(0);
  });
});
