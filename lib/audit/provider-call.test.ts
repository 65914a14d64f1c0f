import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "@/lib/testing/app-harness";

// The outcome row is written before what the provider said about the key is recorded, so a
// failure recording the key fault (our database) is logged and never costs the outcome.

let h: Harness;
beforeAll(async () => {
  h = await startHarness("provider-call-key-0007");
});
afterAll(() => h.close());

describe("auditedProviderCall", () => {
  it("keeps the outcome row when recording the key fault fails", async () => {
    const { auditedProviderCall } = await import("./provider-call");
    const { ProviderError } = await import("@/lib/provider");
    const order: string[] = [];
    const result = await auditedProviderCall({
      audit: { actor: "test", action: "fault-after-outcome", key_id: h.keyId },
      call: () => Promise.reject(new ProviderError("BANNED", { bannedUntil: "2030-01-01 00:00:00" })),
      auditOk: false,
      onProviderError: async () => {
        order.push("fault");
        throw new Error("connection terminated");
      },
      record: async (_trx, answer) => {
        order.push("record");
        return { value: answer.ok ? "ok" : answer.error.code };
      },
    });
    expect(result).toBe("BANNED");
    expect(order).toEqual(["record", "fault"]);
    const db = await h.mod.db.getDb();
    const rows = await db.selectFrom("audit_log").select(["outcome", "result"]).where("action", "=", "fault-after-outcome").execute();
    expect(rows).toEqual([{ outcome: "error", result: "BANNED" }]);
  });
});
