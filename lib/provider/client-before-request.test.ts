import { describe, expect, it } from "vitest";
import { RequestNotSent } from "./client";
import { answer, expectRejectsWith, hang, setup } from "./test-helpers";

// What happens before a request is sent is ours, not the provider's: the rate limit's wait
// (beforeRequest) is not part of the request's timeout and its failure is no ProviderError; a
// deadline (a sync pass's lease) shortens the timeout and refuses a request too close to it.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("beforeRequest", () => {
  it("waits outside the request's timeout", async () => {
    const { client, calls } = setup(answer("ACCESS_BALANCE:5"), {
      timeoutMs: 50,
      beforeRequest: async () => {
        await sleep(150);
      },
    });
    expect(await client.getBalance()).toBe(5);
    expect(calls).toHaveLength(1);
  });

  it("propagates its failure as it is, and sends nothing", async () => {
    const failure = new Error("bucket down");
    const { client, calls, logs } = setup(answer("ACCESS_BALANCE:5"), {
      beforeRequest: () => Promise.reject(failure),
    });
    await expect(client.getBalance()).rejects.toBe(failure);
    expect(calls).toHaveLength(0);
    expect(logs).toHaveLength(0);
  });
});

describe("deadline", () => {
  it("cuts a request off at the deadline, before its own timeout", async () => {
    const at = performance.now() + 300;
    const { client } = setup(hang, {
      timeoutMs: 10_000,
      deadline: { at: () => at, minWindowMs: 100 },
    });
    const started = performance.now();
    await expectRejectsWith(client.getActiveActivations(), "TIMEOUT");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("sends nothing with less than the minimum window left", async () => {
    const at = performance.now() + 500;
    const { client, calls } = setup(answer("ACCESS_BALANCE:5"), { deadline: { at: () => at } });
    await expect(client.getBalance()).rejects.toBeInstanceOf(RequestNotSent);
    expect(calls).toHaveLength(0);
  });

  it("leaves the timeout alone when the deadline is far", async () => {
    const { client } = setup(answer("ACCESS_BALANCE:7"), {
      deadline: { at: () => performance.now() + 60_000 },
    });
    expect(await client.getBalance()).toBe(7);
  });
});
