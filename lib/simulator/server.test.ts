import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestSimulator, TEST_EPOCH_MS, type TestSimulator } from "./test-server";

const KEY = "server-test-key-7f3a";
let sim: TestSimulator;

beforeEach(async () => {
  sim = await startTestSimulator({ seedAccounts: { [KEY]: 10 } });
});
afterEach(async () => {
  await sim.close();
});

function api(params: Record<string, string>): string {
  return `${sim.apiUrl}?${new URLSearchParams({ api_key: KEY, ...params })}`;
}

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe("protocol transport", () => {
  it("accepts GET with a query", async () => {
    const res = await fetch(api({ action: "getBalance" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("ACCESS_BALANCE:10.00");
  });

  it("accepts POST with the parameters in the query string", async () => {
    const res = await fetch(api({ action: "getNumber", service: "tg", country: "0" }), {
      method: "POST",
    });
    expect(await res.text()).toMatch(/^ACCESS_NUMBER:\d+:79\d{9}$/);
  });

  it("accepts POST with a form body, merged with the query", async () => {
    const res = await fetch(`${sim.apiUrl}?api_key=${KEY}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ action: "getNumberV2", service: "wa", country: "6" }).toString(),
    });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(await res.text())).toMatchObject({ countryCode: "6", currency: 840 });
  });

  it("accepts a multipart form body too", async () => {
    const form = new FormData();
    form.set("api_key", KEY);
    form.set("action", "getBalance");
    const res = await fetch(sim.apiUrl, { method: "POST", body: form });
    expect(await res.text()).toBe("ACCESS_BALANCE:10.00");
  });

  it("answers errors with HTTP 200 and a bare token", async () => {
    const res = await fetch(`${sim.apiUrl}?api_key=wrong&action=getBalance`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("BAD_KEY");
  });

  it("sets the Date header from the simulator clock, following advance", async () => {
    const before = await fetch(api({ action: "getBalance" }));
    expect(before.headers.get("date")).toBe(new Date(TEST_EPOCH_MS).toUTCString());
    const clock = await control("POST", "/__sim/clock", { advanceSeconds: 130 });
    expect(clock.json).toEqual({ now: new Date(TEST_EPOCH_MS + 130_000).toISOString() });
    const after = await fetch(api({ action: "getBalance" }));
    expect(after.headers.get("date")).toBe("Thu, 15 Jan 2026 12:02:10 GMT");
  });

  it("404s unknown paths", async () => {
    expect((await fetch(`${sim.baseUrl}/handler_api.php`)).status).toBe(404);
    expect((await control("GET", "/__sim/nope")).status).toBe(404);
  });
});

describe("control API", () => {
  it("health, keys and accounts", async () => {
    expect(await control("GET", "/__sim/health")).toEqual({ status: 200, json: { ok: true } });
    expect(
      (await control("POST", "/__sim/keys", { key: "new-key-0042", balance: 2.5 })).status,
    ).toBe(200);
    expect((await control("GET", "/__sim/accounts/new-key-0042")).json).toEqual({ balance: 2.5 });
    expect((await control("GET", "/__sim/accounts/unknown")).status).toBe(404);
    expect((await control("POST", "/__sim/keys", { key: "x" })).status).toBe(400);
  });

  it("creates an activation, delivers an SMS, shows state, refunds nothing after a code", async () => {
    const made = await control("POST", "/__sim/activations", {
      key: KEY,
      service: "tg",
      country: "0",
      phone: "+79001234567",
      autoSms: false,
    });
    expect(made).toEqual({
      status: 200,
      json: { id: "3100000001", phone: "79001234567", cost: 0.4 },
    });
    expect((await control("GET", `/__sim/accounts/${KEY}`)).json).toEqual({ balance: 9.6 });

    const sms = await control("POST", "/__sim/activations/3100000001/sms", { code: "424242" });
    expect(sms.json).toMatchObject({ ok: true, code: "424242" });
    expect(await (await fetch(api({ action: "getStatus", id: "3100000001" }))).text()).toBe(
      "STATUS_OK:424242",
    );
    expect((await control("POST", "/__sim/activations/3100000001/sms", {})).status).toBe(409);
    expect((await control("POST", "/__sim/activations/999/sms", {})).status).toBe(404);

    const state = await control("GET", "/__sim/activations/3100000001");
    expect(state.json).toMatchObject({ state: "code_received", codes: ["424242"], cost: 0.4 });
    expect(state.json.keySuffix).toBe("7f3a");
    expect(JSON.stringify(state.json)).not.toContain(KEY);
  });

  it("reports purchase errors as JSON 400", async () => {
    const bad = await control("POST", "/__sim/activations", {
      key: "nope",
      service: "tg",
      country: "0",
    });
    expect(bad).toEqual({ status: 400, json: { error: "BAD_KEY" } });
    const sold = await control("POST", "/__sim/activations", {
      key: KEY,
      service: "tg",
      country: 999,
    });
    expect(sold).toEqual({ status: 400, json: { error: "NO_NUMBERS" } });
  });

  it("reset clears activations, clock, faults and the request log", async () => {
    await fetch(api({ action: "getNumber", service: "tg", country: "0" }));
    await control("POST", "/__sim/clock", { advanceSeconds: 60 });
    await control("POST", "/__sim/faults", { kind: "empty", times: 3 });
    expect((await control("POST", "/__sim/reset")).status).toBe(200);
    expect((await control("GET", "/__sim/clock")).json.now).toBe(
      new Date(TEST_EPOCH_MS).toISOString(),
    );
    expect((await control("GET", "/__sim/faults")).json.queued).toBe(0);
    expect((await control("GET", "/__sim/requests")).json).toEqual([]);
    expect((await control("GET", `/__sim/accounts/${KEY}`)).json).toEqual({ balance: 10 });
    expect(await (await fetch(api({ action: "getActiveActivations" }))).text()).toContain(
      "NO_ACTIVATIONS",
    );
  });

  it("logs protocol calls with a key suffix only, filterable", async () => {
    await fetch(api({ action: "getBalance" }));
    await fetch(api({ action: "setStatus", id: "3100000009", status: "8" }), { method: "POST" });
    await control("GET", "/__sim/health"); // control calls are not logged
    const all = await control("GET", "/__sim/requests");
    expect(all.json).toHaveLength(2);
    expect(all.json[0]).toMatchObject({ method: "GET", action: "getBalance", keySuffix: "7f3a" });
    expect(JSON.stringify(all.json)).not.toContain(KEY);
    const filtered = await control("GET", "/__sim/requests?action=setStatus&id=3100000009");
    expect(filtered.json).toEqual([
      {
        at: expect.any(String),
        method: "POST",
        action: "setStatus",
        id: "3100000009",
        status: "8",
        start: null,
        limit: null,
        service: null,
        country: null,
        maxPrice: null,
        operator: null,
        keySuffix: "7f3a",
        httpStatus: 200,
        answeredAt: expect.any(String),
        fault: null,
      },
    ]);
    expect((await control("DELETE", "/__sim/requests")).status).toBe(200);
    expect((await control("GET", "/__sim/requests")).json).toEqual([]);
  });

  it("rejects bad JSON and wrong methods", async () => {
    const res = await fetch(`${sim.baseUrl}/__sim/keys`, { method: "POST", body: "{nope" });
    expect(res.status).toBe(400);
    expect((await control("GET", "/__sim/reset")).status).toBe(405);
  });
});

describe("control API: stock", () => {
  it("POST /__sim/stock empties a country; bad bodies are refused", async () => {
    expect((await control("POST", "/__sim/stock", { country: 6, count: 0 })).status).toBe(200);
    expect(await (await fetch(api({ action: "getNumber", service: "tg", country: "6" }))).text()).toBe("NO_NUMBERS");
    expect((await control("POST", "/__sim/stock", { country: "6", count: null })).status).toBe(200);
    expect(await (await fetch(api({ action: "getNumber", service: "tg", country: "6" }))).text()).toMatch(/^ACCESS_NUMBER:/);
    for (const bad of [{ country: "6" }, { country: "6", count: -1 }, { country: "", count: 1 }, { count: 1 }]) {
      expect((await control("POST", "/__sim/stock", bad)).status).toBe(400);
    }
  });
});
