import { describe, expect, it } from "vitest";
import { createProviderClient } from "./client";
import { answer, ENDPOINT, expectRejectsWith, KEY, params, setup } from "./test-helpers";

describe("requests", () => {
  it.each([
    [
      "getBalance",
      (c: ReturnType<typeof setup>["client"]) => c.getBalance(),
      "ACCESS_BALANCE:1",
      { action: "getBalance" },
    ],
    [
      "getStatus",
      (c: ReturnType<typeof setup>["client"]) => c.getStatus("123"),
      "STATUS_WAIT_CODE",
      { action: "getStatus", id: "123" },
    ],
    [
      "setStatus",
      (c: ReturnType<typeof setup>["client"]) => c.setStatus("123", 8),
      "ACCESS_CANCEL",
      { action: "setStatus", id: "123", status: "8" },
    ],
    [
      "getActiveActivations",
      (c: ReturnType<typeof setup>["client"]) => c.getActiveActivations(),
      '{"status":"error","error":"NO_ACTIVATIONS"}',
      { action: "getActiveActivations" },
    ],
    [
      "getNumber (all params)",
      (c: ReturnType<typeof setup>["client"]) =>
        c.getNumber({
          service: "wa",
          country: "73",
          maxPrice: 1.5,
          operator: "vivo",
          orderId: "ord-1",
        }),
      "ACCESS_NUMBER:9:5511",
      {
        action: "getNumberV2",
        service: "wa",
        country: "73",
        maxPrice: "1.5",
        operator: "vivo",
        orderId: "ord-1",
      },
    ],
    [
      "getNumber (required params only)",
      (c: ReturnType<typeof setup>["client"]) => c.getNumber({ service: "tg", country: "0" }),
      "ACCESS_NUMBER:9:5511",
      { action: "getNumberV2", service: "tg", country: "0" },
    ],
    [
      "getPrices (one service)",
      (c: ReturnType<typeof setup>["client"]) => c.getPrices({ service: "tg" }),
      '{"0":{"tg":{"cost":0.4,"count":3}}}',
      { action: "getPrices", service: "tg" },
    ],
    [
      "getPrices (no filter)",
      (c: ReturnType<typeof setup>["client"]) => c.getPrices(),
      "{}",
      { action: "getPrices" },
    ],
    [
      "getOperators",
      (c: ReturnType<typeof setup>["client"]) => c.getOperators("0"),
      '{"status":"success","countryOperators":{"0":["any","mts"]}}',
      { action: "getOperators", country: "0" },
    ],
  ])("%s sends one GET with the query parameters", async (_name, run, body, expected) => {
    const { client, calls } = setup(answer(body));
    await run(client);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.init.method).toBe("GET");
    expect(calls[0]?.init.body).toBeUndefined();
    expect(`${calls[0]?.url.origin}${calls[0]?.url.pathname}`).toBe(ENDPOINT);
    expect(params(calls[0])).toEqual({ api_key: KEY, ...expected });
  });

  it.each([
    ["http://127.0.0.1:3100", "http://127.0.0.1:3100/stubs/handler_api.php"],
    ["http://127.0.0.1:3100/", "http://127.0.0.1:3100/stubs/handler_api.php"],
    ["https://api.sms.online//", "https://api.sms.online/stubs/handler_api.php"],
    ["https://proxy.test/sms/", "https://proxy.test/sms/stubs/handler_api.php"],
  ])("base %s → %s", async (baseUrl, endpoint) => {
    const { client, calls } = setup(answer("ACCESS_BALANCE:1"), { baseUrl });
    await client.getBalance();
    expect(`${calls[0]?.url.origin}${calls[0]?.url.pathname}`).toBe(endpoint);
  });

  it.each(["", "api.sms.online", "ftp://x.test", "not a url"])("rejects base URL %j", (baseUrl) => {
    expect(() => createProviderClient({ baseUrl, apiKey: KEY })).toThrow(/base URL/);
  });

  it("encodes keys and parameters with reserved characters", async () => {
    const { client, calls } = setup(answer("ACCESS_BALANCE:1"), { apiKey: "a&b=c d+e" });
    await client.getBalance();
    expect(params(calls[0]).api_key).toBe("a&b=c d+e");
  });
});

describe("results", () => {
  it("parses each action's answer", async () => {
    const bodies: Record<string, string> = {
      getBalance: "ACCESS_BALANCE:12.34\n",
      getStatus: "STATUS_OK:123456",
      setStatus: '"ACCESS_CANCEL_ALREADY"',
      getActiveActivations: JSON.stringify({
        status: "success",
        activeActivations: [
          {
            activationId: "5",
            serviceCode: "wa",
            phoneNumber: "55",
            activationStatus: "2",
            countryCode: "73",
            smsCode: "1",
          },
        ],
      }),
      getNumberV2: JSON.stringify({
        activationId: 5,
        phoneNumber: "55",
        activationCost: "0.5",
        currency: 840,
      }),
    };
    const { client } = setup((url) => ({
      body: bodies[url.searchParams.get("action") ?? ""] ?? "",
    }));
    expect(await client.getBalance()).toBe(12.34);
    expect(await client.getStatus("5")).toEqual({ status: "OK", code: "123456" });
    expect(await client.setStatus("5", 8)).toBe("ACCESS_CANCEL");
    expect((await client.getActiveActivations())[0]).toMatchObject({
      activationId: "5",
      smsCodes: ["1"],
    });
    expect(await client.getNumber({ service: "wa", country: "73" })).toMatchObject({
      activationId: "5",
      activationCost: 0.5,
    });
  });

  it("reads a country's operators; a provider without getOperators lists none; a bad key is an error", async () => {
    const listed = setup(answer('{"status":"success","countryOperators":{"73":["any","vivo","claro"]}}'));
    expect(await listed.client.getOperators("73")).toEqual(["vivo", "claro"]);
    expect(await setup(answer("BAD_ACTION")).client.getOperators("73")).toEqual([]);
    await expectRejectsWith(setup(answer("BAD_KEY")).client.getOperators("73"), "BAD_KEY");
  });

  it("rejects a success token that answers a different setStatus", async () => {
    const { client } = setup(answer("ACCESS_ACTIVATION"));
    await expectRejectsWith(client.setStatus("5", 8), "UNKNOWN_TOKEN");
  });

  it("names the action in the error message", async () => {
    const { client } = setup(answer("NO_ACTIVATION"));
    const error = await expectRejectsWith(client.getStatus("5"), "NO_ACTIVATION");
    expect(error.message).toMatch(/^getStatus: /);
    expect(error.action).toBe("getStatus");
  });
});

describe("activation id and status validation", () => {
  it.each(["", "abc", "12a", " 12", "12 ", "-1", "1.5", "1;2", "1&api_key=x", "١٢"])(
    "getStatus/setStatus(%j) throw WRONG_ACTIVATION_ID without a request",
    async (id) => {
      const { client, calls } = setup(answer("STATUS_WAIT_CODE"));
      await expectRejectsWith(client.getStatus(id), "WRONG_ACTIVATION_ID");
      await expectRejectsWith(client.setStatus(id, 8), "WRONG_ACTIVATION_ID");
      expect(calls).toHaveLength(0);
    },
  );

  it.each([0, 2, -1, 7])(
    "setStatus status %s throws BAD_STATUS without a request",
    async (status) => {
      const { client, calls } = setup(answer("ACCESS_CANCEL"));
      await expectRejectsWith(client.setStatus("1", status as 8), "BAD_STATUS");
      expect(calls).toHaveLength(0);
    },
  );
});
