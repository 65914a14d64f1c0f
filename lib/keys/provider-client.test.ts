import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness } from "@/lib/testing/app-harness";

// The rate limit's token is ours, not the provider's answer: a failing bucket (its database on
// PostgreSQL) sends nothing and says so (claim released, "NOT_SENT" audit row, no "checking", no
// key fault), and a wait in the queue never eats the request's own timeout.

const KEY = "provider-client-key-0042";
const TIMEOUT_MS = 300;
let h: Harness;

type Bucket = { acquire: () => Promise<unknown> };
const buckets = () => (globalThis as unknown as { smsDeskBuckets: Map<string, Bucket> }).smsDeskBuckets;

beforeAll(async () => {
  h = await startHarness(KEY, { PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS) });
});
afterAll(() => h.close());
beforeEach(() => buckets().clear());

const db = () => h.mod.db.getDb();
const audit = async (action: string) =>
  (await db()).selectFrom("audit_log").select(["outcome", "result"]).where("action", "=", action).orderBy("id").execute();

function failingBucket() {
  buckets().set(h.keyId, { acquire: () => Promise.reject(new Error("connection terminated")) });
}

describe("a rate-limit bucket that fails", () => {
  it("sends no click, frees the row and records it as not sent", async () => {
    const id = await h.synced("4242");
    failingBucket();
    await expect(h.act(id, "finish")).rejects.toMatchObject({ name: "RequestNotSent" });
    expect(await h.requests(`action=setStatus&id=${id}`)).toHaveLength(0);
    expect(await h.mod.rows.findActivation(await db(), h.keyId, id)).toMatchObject({
      pending_action: null,
      checking: 0,
      state: "code_received",
    });
    expect((await audit("setStatus")).at(-1)).toEqual({ outcome: "error", result: "NOT_SENT" });
    const key = await h.key();
    expect(key.brokenCode).toBeNull();
    // Nothing was sent, so the same click works once the bucket does.
    buckets().clear();
    expect(await h.act(id, "finish")).toMatchObject({ ok: true });
  });

  it("buys nothing, and the same order id can be retried", async () => {
    failingBucket();
    const input = { service: "tg", country: "73", orderId: crypto.randomUUID() };
    await expect(h.mod.order.orderNumber(await h.key(), input, ACTOR)).rejects.toMatchObject({ name: "RequestNotSent" });
    expect(await h.requests("action=getNumberV2")).toHaveLength(0);
    expect((await audit("getNumber")).at(-1)).toEqual({ outcome: "error", result: "NOT_SENT" });
    buckets().clear();
    expect(await h.mod.order.orderNumber(await h.key(), input, ACTOR)).toMatchObject({ ok: true });
  });
});

describe("a wait in the rate limit's queue", () => {
  it("is not counted in the request's timeout", async () => {
    const id = await h.synced("5151");
    // Longer than PROVIDER_TIMEOUT_MS: the request itself is quick.
    buckets().set(h.keyId, { acquire: () => new Promise((r) => setTimeout(r, TIMEOUT_MS * 2)) });
    expect(await h.act(id, "finish")).toMatchObject({ ok: true, value: { state: "finished" } });
  });
});
