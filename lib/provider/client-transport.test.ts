import { describe, expect, it, vi } from "vitest";
import type { ProviderErrorCode } from "./error-codes";
import {
  answer,
  ENDPOINT,
  expectRejectsWith,
  type Handler,
  hang,
  KEY,
  params,
  type Reply,
  setup,
} from "./test-helpers";

describe("transport failures", () => {
  it("times out a fetch that never answers", async () => {
    const { client, calls } = setup(hang, { timeoutMs: 20 });
    const error = await expectRejectsWith(client.setStatus("1", 8), "TIMEOUT");
    expect(error.outcomeUnknown).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it("times out when the fetch rejects with a plain AbortError", async () => {
    const { client } = setup(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener("abort", () =>
            reject(new DOMException("aborted", "AbortError")),
          );
        }),
      { timeoutMs: 20 },
    );
    await expectRejectsWith(client.getBalance(), "TIMEOUT");
  });

  it("times out a body that stalls after the headers", async () => {
    const { client } = setup(
      (_url, init) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("STATUS_"));
              init.signal?.addEventListener("abort", () => controller.error(init.signal?.reason));
            },
          }),
        ),
      { timeoutMs: 20 },
    );
    await expectRejectsWith(client.getStatus("1"), "TIMEOUT");
  });

  it("leaves no timer behind: a finished exchange's signal is never aborted later", async () => {
    // AbortSignal.timeout's timer fired after every call, aborting a request long done and
    // building a DOMException for it inside whatever request ran then (issue 9's click cost).
    let signal: AbortSignal | undefined;
    const { client } = setup(
      (_url, init) => {
        signal = init.signal ?? undefined;
        return new Response("ACCESS_ACTIVATION");
      },
      { timeoutMs: 20 },
    );
    await client.setStatus("1", 6);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(signal?.aborted).toBe(false);
  });

  const withCause = (code: string) =>
    new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
  it.each<[string, unknown, string]>([
    ["ECONNREFUSED", withCause("ECONNREFUSED"), "ECONNREFUSED"],
    ["ECONNRESET", withCause("ECONNRESET"), "ECONNRESET"],
    ["socket closed", withCause("UND_ERR_SOCKET"), "UND_ERR_SOCKET"],
    ["bare fetch failed", new TypeError("fetch failed"), "fetch failed"],
    [
      "message quoting the URL",
      new TypeError(`Failed to parse URL from ${ENDPOINT}?api_key=${KEY}`),
      "fetch failed",
    ],
    ["non-Error rejection", "boom", "fetch failed"],
  ])("%s → NETWORK", async (_name, thrown, detail) => {
    const { client, calls } = setup(() => {
      throw thrown;
    });
    const error = await expectRejectsWith(
      client.getNumber({ service: "wa", country: "1" }),
      "NETWORK",
    );
    expect(error.message).toContain(detail);
    expect(error.outcomeUnknown).toBe(true);
    expect(calls).toHaveLength(1); // a write is never repeated, and V1 is not tried
  });

  it.each<[string, Reply, ProviderErrorCode]>([
    ["ERROR_SQL", { body: "ERROR_SQL" }, "ERROR_SQL"],
    ["HTTP 500 HTML", { status: 500, body: "<html>oops</html>" }, "HTTP_ERROR"],
    ["HTTP 200 empty", { body: "" }, "PROTOCOL_ERROR"],
    ["HTTP 429 empty", { status: 429, body: "" }, "HTTP_ERROR"],
  ])("%s is not retried", async (_name, reply, code) => {
    const { client, calls } = setup(() => reply);
    const error = await expectRejectsWith(client.getStatus("1"), code);
    if (code === "HTTP_ERROR") expect(error.httpStatus).toBe(reply.status);
    expect(calls).toHaveLength(1);
  });
});

describe("getNumberV2 → getNumber fallback", () => {
  it("falls back to the text form on BAD_ACTION, with the same parameters", async () => {
    const { client, calls } = setup((url) =>
      url.searchParams.get("action") === "getNumberV2"
        ? { body: "BAD_ACTION" }
        : { body: "ACCESS_NUMBER:635468021:5511999990000" },
    );
    const order = await client.getNumber({ service: "wa", country: "73", maxPrice: 2 });
    expect(order).toMatchObject({ activationId: "635468021", phoneNumber: "5511999990000" });
    expect(calls.map((c) => params(c))).toEqual([
      { api_key: KEY, action: "getNumberV2", service: "wa", country: "73", maxPrice: "2" },
      { api_key: KEY, action: "getNumber", service: "wa", country: "73", maxPrice: "2" },
    ]);
  });

  it("falls back on a HeroSMS-style BAD_ACTION envelope too", async () => {
    const { client, calls } = setup((url) =>
      url.searchParams.get("action") === "getNumberV2"
        ? { status: 400, body: '{"title":"BAD_ACTION"}' }
        : { body: "ACCESS_NUMBER:1:2" },
    );
    await client.getNumber({ service: "wa", country: "73" });
    expect(calls).toHaveLength(2);
  });

  it("reports the V1 error when V1 fails too", async () => {
    const { client } = setup(answer("BAD_ACTION"));
    const error = await expectRejectsWith(
      client.getNumber({ service: "wa", country: "73" }),
      "BAD_ACTION",
    );
    expect(error.action).toBe("getNumber");
  });

  it.each<[string, Handler, ProviderErrorCode]>([
    ["NO_NUMBERS", answer("NO_NUMBERS"), "NO_NUMBERS"],
    ["WRONG_MAX_PRICE", answer("WRONG_MAX_PRICE:3"), "WRONG_MAX_PRICE"],
    ["HTTP 502", answer("", 502), "HTTP_ERROR"],
    ["timeout", hang, "TIMEOUT"],
  ])("does not fall back on %s", async (_name, handler, code) => {
    const { client, calls } = setup(handler, { timeoutMs: 20 });
    await expectRejectsWith(client.getNumber({ service: "wa", country: "73" }), code);
    expect(calls).toHaveLength(1);
  });
});

describe("onServerDate", () => {
  const DATE = "Wed, 01 Jul 2026 12:00:00 GMT";

  it.each([
    ["success", { body: "ACCESS_BALANCE:1", headers: { date: DATE } }],
    ["error status", { status: 500, body: "<html/>", headers: { date: DATE } }],
  ])("is called with the Date header on %s", async (_name, reply) => {
    const onServerDate = vi.fn();
    const { client } = setup(() => reply, { onServerDate });
    const before = Date.now();
    await client.getBalance().catch(() => undefined);
    const after = Date.now();
    expect(onServerDate).toHaveBeenCalledTimes(1);
    const [read] = onServerDate.mock.calls[0] ?? [];
    expect(read.dateMs).toBe(Date.parse(DATE));
    // When we asked and when the answer came, in that order, within the call.
    expect(read.askedAtMs).toBeGreaterThanOrEqual(before);
    expect(read.answeredAtMs).toBeGreaterThanOrEqual(read.askedAtMs);
    expect(read.answeredAtMs).toBeLessThanOrEqual(after);
  });

  it.each([
    ["no header", {}],
    ["invalid header", { date: "yesterday-ish" }],
  ])("is not called with %s", async (_name, headers) => {
    const onServerDate = vi.fn();
    const { client } = setup(() => ({ body: "ACCESS_BALANCE:1", headers }), { onServerDate });
    await client.getBalance();
    expect(onServerDate).not.toHaveBeenCalled();
  });

  it("never breaks a call when it throws", async () => {
    const { client } = setup(() => ({ body: "ACCESS_BALANCE:1", headers: { date: DATE } }), {
      onServerDate: () => {
        throw new Error("clock bug");
      },
    });
    expect(await client.getBalance()).toBe(1);
  });
});
