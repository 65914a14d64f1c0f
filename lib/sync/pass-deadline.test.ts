import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "@/lib/testing/app-harness";

// A sync pass's provider requests end by its lease's local validity (the registry passes it as
// the deadline): a pass whose renewals fail never has a call under way once another instance
// may take the key, and it starts none with too little time left.

let h: Harness;
beforeAll(async () => {
  h = await startHarness("pass-deadline-key-0013", { PROVIDER_TIMEOUT_MS: "10000" });
}, 60_000);
afterAll(() => h.close());

describe("a sync pass with a deadline", () => {
  it("cuts a slow list off at the deadline rather than the provider timeout", async () => {
    await h.fault({ action: "getActiveActivations", kind: "slow", delayMs: 4000 });
    const at = performance.now() + 800;
    const started = performance.now();
    await expect(h.mod.sync.syncKeyOnce(await h.key(), { deadline: { at: () => at, minWindowMs: 100 } })).rejects.toMatchObject({
      code: "TIMEOUT",
    });
    expect(performance.now() - started).toBeLessThan(2500);
  });

  it("sends nothing with less than the minimum window left", async () => {
    const before = (await h.requests("action=getActiveActivations")).length;
    const at = performance.now() + 300;
    await expect(h.mod.sync.syncKeyOnce(await h.key(), { deadline: { at: () => at, minWindowMs: 1000 } })).rejects.toMatchObject({
      name: "RequestNotSent",
    });
    expect((await h.requests("action=getActiveActivations")).length).toBe(before);
  });

  it("bounds the getStatus of a reconcile too", async () => {
    const id = await h.synced("7777");
    // Finished elsewhere: it leaves the list, so the pass asks getStatus about it.
    await fetch(`${h.sim.apiUrl}?api_key=pass-deadline-key-0013&action=setStatus&id=${id}&status=6`);
    await h.fault({ action: "getStatus", kind: "slow", delayMs: 4000 });
    const at = performance.now() + 1500;
    const started = performance.now();
    await h.mod.sync.syncKeyOnce(await h.key(), { deadline: { at: () => at, minWindowMs: 100 } });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
