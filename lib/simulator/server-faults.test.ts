import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestSimulator, type TestSimulator } from "./test-server";

const KEY = "fault-test-key-91bc";
let sim: TestSimulator;
let now: number;

beforeEach(async () => {
  now = Date.UTC(2026, 0, 15, 12, 0, 0);
  sim = await startTestSimulator({ now: () => now, seedAccounts: { [KEY]: 10 } });
});
afterEach(async () => {
  await sim.close();
});

function call(params: Record<string, string>, init: RequestInit = {}) {
  return fetch(`${sim.apiUrl}?${new URLSearchParams({ api_key: KEY, ...params })}`, init);
}

async function fault(spec: Record<string, unknown>) {
  const res = await fetch(`${sim.baseUrl}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  return { status: res.status, json: await res.json() };
}

/** A waiting activation old enough to be cancelled. */
function cancellable(): string {
  const made = sim.engine.createActivation({
    key: KEY,
    service: "tg",
    country: "0",
    autoSms: false,
  });
  if (!made.ok) throw new Error(made.error);
  now += 130_000;
  return made.activation.id;
}

describe("faults", () => {
  it("token: answers the token without applying the call", async () => {
    const id = cancellable();
    expect(
      await fault({ action: "setStatus", kind: "token", token: "ACCESS_CANCEL_ALREADY" }),
    ).toEqual({
      status: 200,
      json: { queued: 1 },
    });
    const res = await call({ action: "setStatus", id, status: "8" });
    expect([res.status, await res.text()]).toEqual([200, "ACCESS_CANCEL_ALREADY"]);
    expect(sim.engine.getActivation(id)?.state).toBe("waiting");
  });

  it("matches on action and is consumed `times` times", async () => {
    await fault({ action: "getStatus", kind: "token", token: "ERROR_SQL", times: 2 });
    expect(await (await call({ action: "getBalance" })).text()).toBe("ACCESS_BALANCE:10.00");
    expect(await (await call({ action: "getStatus", id: "1" })).text()).toBe("ERROR_SQL");
    expect(await (await call({ action: "getStatus", id: "1" })).text()).toBe("ERROR_SQL");
    expect(await (await call({ action: "getStatus", id: "1" })).text()).toBe("NO_ACTIVATION");
  });

  it.each([
    ["http500", 500, /<h1>500 Internal Server Error<\/h1>/],
    ["http502", 502, /<h1>502 Bad Gateway<\/h1>/],
    ["http429", 429, /^Too Many Requests$/],
    ["html", 200, /^<!DOCTYPE html>/],
    ["empty", 200, /^$/],
    ["truncated", 200, /^\{"status":"success","activeActivations":\[\{"activationId":"31000$/],
    ["garbage", 200, /^~[a-z0-9 #%&*?!~]+~$/],
  ])("%s: status %d, broken body, call not applied", async (kind, status, body) => {
    const id = cancellable();
    await fault({ kind });
    const res = await call({ action: "setStatus", id, status: "8" });
    expect(res.status).toBe(status);
    expect(await res.text()).toMatch(body);
    expect(sim.engine.getActivation(id)?.state).toBe("waiting");
    expect(sim.engine.getBalance(KEY)).toBe(9.6);
  });

  it("http5xx with a token: the 'token in an error status' variant", async () => {
    await fault({ kind: "http502", token: "ERROR_SQL" });
    const res = await call({ action: "getBalance" });
    expect([res.status, await res.text()]).toEqual([502, "ERROR_SQL"]);
  });

  it("apply: true makes a body fault happen after the call was really done", async () => {
    const id = cancellable();
    await fault({ kind: "html", apply: true });
    await call({ action: "setStatus", id, status: "8" });
    expect(sim.engine.getActivation(id)?.state).toBe("cancelled");
  });

  it("timeout: applied, then held past the client's timeout", async () => {
    const id = cancellable();
    await fault({ action: "setStatus", kind: "timeout", delayMs: 400 });
    await expect(
      call({ action: "setStatus", id, status: "8" }, { signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    expect(sim.engine.getActivation(id)?.state).toBe("cancelled");
    expect(sim.engine.getBalance(KEY)).toBe(10);
    // The retry sees the real outcome of the first call.
    expect(await (await call({ action: "getStatus", id })).text()).toBe("STATUS_CANCEL");
  });

  it("timeout: a patient client gets the real answer after delayMs", async () => {
    const id = cancellable();
    await fault({ kind: "timeout", delayMs: 60 });
    const started = performance.now();
    const res = await call({ action: "setStatus", id, status: "8" });
    expect(await res.text()).toBe("ACCESS_CANCEL");
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });

  it("timeout with apply: false never does the call", async () => {
    const id = cancellable();
    await fault({ kind: "timeout", delayMs: 20, apply: false });
    await expect(call({ action: "setStatus", id, status: "8" })).rejects.toThrow();
    expect(sim.engine.getActivation(id)?.state).toBe("waiting");
  });

  it("reset: applied, then the connection is dropped without an answer", async () => {
    const id = cancellable();
    await fault({ kind: "reset" });
    await expect(call({ action: "setStatus", id, status: "8" })).rejects.toThrow();
    expect(sim.engine.getActivation(id)?.state).toBe("cancelled");
    const log = await (await fetch(`${sim.baseUrl}/__sim/requests`)).json();
    expect(log[0]).toMatchObject({ action: "setStatus", fault: "reset", httpStatus: null });
  });

  it("slow: the normal answer, late", async () => {
    await fault({ kind: "slow", delayMs: 60 });
    const started = performance.now();
    expect(await (await call({ action: "getBalance" })).text()).toBe("ACCESS_BALANCE:10.00");
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });

  it("DELETE clears queued faults; bad specs are rejected", async () => {
    await fault({ kind: "empty", times: 5 });
    expect((await fault({ kind: "token" })).status).toBe(400);
    expect((await fault({ kind: "meteor" })).status).toBe(400);
    const cleared = await fetch(`${sim.baseUrl}/__sim/faults`, { method: "DELETE" });
    expect(await cleared.json()).toEqual({ queued: 0 });
    expect(await (await call({ action: "getBalance" })).text()).toBe("ACCESS_BALANCE:10.00");
  });
});

describe("latency", () => {
  it("delays protocol calls only", async () => {
    const slow = await startTestSimulator(
      { seedAccounts: { [KEY]: 1 } },
      { latency: { min: 60, max: 60 } },
    );
    try {
      let started = performance.now();
      await fetch(`${slow.apiUrl}?api_key=${KEY}&action=getBalance`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(50);
      started = performance.now();
      await fetch(`${slow.baseUrl}/__sim/health`);
      expect(performance.now() - started).toBeLessThan(50);
    } finally {
      await slow.close();
    }
  });
});
