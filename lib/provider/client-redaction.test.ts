import { describe, expect, it } from "vitest";
import type { ProviderClient } from "./client";
import { ProviderError } from "./errors";
import { answer, type Handler, hang, KEY, setup } from "./test-helpers";

// Everything a key could leak through: the error in all its printable forms and every log line.
function leakSurface(error: unknown, logs: unknown[]): string {
  const parts = [JSON.stringify(logs)];
  if (error instanceof Error) {
    parts.push(error.message, String(error.stack), String(error), JSON.stringify(error));
    parts.push(JSON.stringify(Object.entries(error)));
  }
  return parts.join("\n");
}

const urlInMessage = new TypeError(
  `Failed to parse URL from http://127.0.0.1:3100/stubs/handler_api.php?api_key=${KEY}`,
  { cause: new Error(`request to ?api_key=${KEY} failed`) },
);

type Scenario = [string, Handler, (client: ProviderClient) => Promise<unknown>];

const scenarios: Scenario[] = [
  ["success", answer("ACCESS_BALANCE:5"), (c) => c.getBalance()],
  ["BAD_KEY", answer("BAD_KEY"), (c) => c.getBalance()],
  ["key echoed in an unknown token", answer(`ECHO:${KEY}`), (c) => c.getStatus("1")],
  ["key echoed in BANNED", answer(`BANNED:'${KEY}'`), (c) => c.setStatus("1", 8)],
  [
    "key echoed in a HeroSMS envelope",
    answer(`{"title":"BAD_KEY:${KEY}","details":"${KEY}"}`, 401),
    (c) => c.getBalance(),
  ],
  ["key in an HTML error page", answer(`<html>${KEY}</html>`, 500), (c) => c.getBalance()],
  ["key in an HTML page on 200", answer(`<pre>api_key=${KEY}</pre>`), (c) => c.getBalance()],
  [
    "key in a bad activation",
    answer(JSON.stringify({ activeActivations: [{ activationId: KEY }] })),
    (c) => c.getActiveActivations(),
  ],
  ["timeout", hang, (c) => c.setStatus("1", 6)],
  [
    "network error quoting the URL",
    () => {
      throw urlInMessage;
    },
    (c) => c.getNumber({ service: "wa", country: "1" }),
  ],
  [
    "network error with the key as code",
    () => {
      throw Object.assign(new Error("x"), { code: KEY });
    },
    (c) => c.getBalance(),
  ],
  [
    "V2 fallback then failure",
    (url) =>
      url.searchParams.get("action") === "getNumberV2" ? { body: "BAD_ACTION" } : { body: KEY },
    (c) => c.getNumber({ service: "wa", country: "1" }),
  ],
];

describe("the api key never leaks", () => {
  it.each(scenarios)("%s", async (_name, handler, run) => {
    const { client, logs, calls } = setup(handler, { timeoutMs: 20 });
    const error = await run(client).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (error !== undefined) expect(error).toBeInstanceOf(ProviderError);
    expect(calls.length).toBeGreaterThan(0);
    expect(logs).toHaveLength(calls.length); // one line per HTTP call
    const surface = leakSurface(error, logs);
    expect(surface).not.toContain(KEY);
    expect(surface).not.toContain("never-leak");
    for (const line of logs) {
      expect((line.obj as { url: string }).url).toMatch(/[?&]api_key=\*\*\*(&|$)/);
    }
  });

  it("redacts percent-encoded forms of a key with reserved characters", async () => {
    const apiKey = "k+y/leak=1234&x y";
    const { client, logs } = setup(answer(`ECHO:${encodeURIComponent(apiKey)}`), { apiKey });
    const error = await client.getStatus("1").catch((e: unknown) => e);
    const surface = leakSurface(error, logs);
    for (const form of [apiKey, encodeURIComponent(apiKey), "k%2By%2Fleak"]) {
      expect(surface).not.toContain(form);
    }
  });
  it("withholds details when a token-shaped key would surface through an error code", async () => {
    const apiKey = "ABCDEF1234567890";
    const { client, logs } = setup(
      () => {
        throw Object.assign(new Error("x"), { code: apiKey });
      },
      { apiKey },
    );
    const error = await client.getBalance().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NETWORK" });
    expect(leakSurface(error, logs)).not.toContain(apiKey);
  });
});

describe("log lines", () => {
  it("logs action, id, status, outcome, duration and the redacted URL on success", async () => {
    const { client, logs } = setup(answer("ACCESS_CANCEL"));
    await client.setStatus("42", 8);
    expect(logs).toEqual([
      {
        level: "info",
        msg: "provider call",
        obj: {
          action: "setStatus",
          id: "42",
          status: 8,
          httpStatus: 200,
          outcome: "ACCESS_CANCEL",
          durationMs: expect.any(Number),
          url: "http://127.0.0.1:3100/stubs/handler_api.php?api_key=***&action=setStatus&id=42&status=8",
        },
      },
    ]);
  });

  it("logs failures as warnings with the error code and token", async () => {
    const { client, logs } = setup(answer("EARLY_CANCEL_DENIED", 409));
    await client.setStatus("42", 8).catch(() => undefined);
    expect(logs[0]).toMatchObject({
      level: "warn",
      obj: { action: "setStatus", id: "42", httpStatus: 409, outcome: "EARLY_CANCEL_DENIED" },
    });
  });

  it("never logs the SMS code", async () => {
    const { client, logs } = setup(answer("STATUS_OK:987654"));
    expect(await client.getStatus("7")).toEqual({ status: "OK", code: "987654" });
    expect(logs[0]?.obj).toMatchObject({ outcome: "STATUS_OK", id: "7" });
    expect(JSON.stringify(logs)).not.toContain("987654");
  });

  it("logs the purchased activation id and the list size", async () => {
    const { client, logs } = setup((url) =>
      url.searchParams.get("action") === "getNumberV2"
        ? { body: "ACCESS_NUMBER:555:5511" }
        : { body: '{"status":"success","activeActivations":[]}' },
    );
    await client.getNumber({ service: "wa", country: "73" });
    await client.getActiveActivations();
    expect(logs.map((l) => l.obj)).toMatchObject([
      { action: "getNumberV2", id: "555", outcome: "ACCESS_NUMBER" },
      { action: "getActiveActivations", outcome: "OK", count: 0 },
    ]);
  });

  it("works without a logger", async () => {
    const { client } = setup(answer("ACCESS_BALANCE:1"), { logger: undefined });
    expect(await client.getBalance()).toBe(1);
  });
});
