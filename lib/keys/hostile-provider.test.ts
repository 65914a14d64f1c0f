import http from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProviderClient, type ProviderClient, ProviderError } from "@/lib/provider";
import { parseAllowedHosts } from "./base-url";
import { createProviderFetch } from "./provider-fetch";

// A hostile provider must not freeze the server. A loopback "provider" answers huge bodies
// while a loopback server standing in for the app is requested at the same moment, in the same
// process, through the production fetch. Before, `ACCESS_BALANCE:` + 40,000 digits + a letter
// blocked the event loop for ~6 s, and the app's request waited as long.

// Encoded before measuring: the provider is another process in real life, so the cost of
// turning its answer into bytes must not count against our event loop.
let body: Buffer = Buffer.alloc(0);
let provider: http.Server;
let app: http.Server;
let providerUrl: string;
let appUrl: string;
let client: ProviderClient;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  provider = http.createServer((_req, res) => res.end(body));
  app = http.createServer((_req, res) => res.end("app ok"));
  providerUrl = await listen(provider);
  appUrl = await listen(app);
  // Warm up fetch and the connection, so the measured requests are ordinary ones.
  await (await fetch(appUrl)).text();
  const policy = { trustedOrigins: [providerUrl], allowedHosts: parseAllowedHosts("") };
  client = createProviderClient({
    baseUrl: providerUrl,
    apiKey: "hostile-test-key-0001",
    timeoutMs: 60_000,
    fetch: createProviderFetch({ policy: () => policy }),
  });
});
afterAll(() => {
  provider.close();
  app.close();
});

const row = (fields: Record<string, unknown>) =>
  JSON.stringify({
    status: "success",
    activeActivations: [
      { activationId: "1", serviceCode: "tg", phoneNumber: "5511", activationStatus: "4", countryCode: "73", ...fields },
    ],
  });

describe.each([40_000, 1_000_000])("a %i-character hostile answer", (size) => {
  const digits = "9".repeat(size);
  it.each<[string, string, (c: ProviderClient) => Promise<unknown>, string]>([
    ["ACCESS_BALANCE", `ACCESS_BALANCE:${digits}x`, (c) => c.getBalance(), "PROTOCOL_ERROR"],
    ["WRONG_MAX_PRICE", `WRONG_MAX_PRICE:${digits}x`, (c) => c.getNumber({ service: "tg", country: "73" }), "WRONG_MAX_PRICE"],
    ["activationCost", row({ activationCost: `${digits}x` }), (c) => c.getActiveActivations(), "PROTOCOL_ERROR"],
    ["activationId", row({ activationId: digits }), (c) => c.getActiveActivations(), "PROTOCOL_ERROR"],
    ["phone", `ACCESS_NUMBER:1:${digits}`, (c) => c.getNumber({ service: "tg", country: "73" }), "PROTOCOL_ERROR"],
  ])("%s: refused, and the app answers meanwhile (loop never blocked > 100 ms)", async (_name, answer, call, code) => {
    body = Buffer.from(answer);
    // Blocking by our code repeats on every attempt (today's code: ~6 s each); a delay caused
    // by other processes on a shared 2-core machine does not. So the best of three attempts.
    const attempts: Attempt[] = [];
    for (let n = 0; n < 3; n++) {
      const attempt = await measure(() => call(client));
      attempts.push(attempt);
      expect(attempt.outcome).toBeInstanceOf(ProviderError);
      expect((attempt.outcome as ProviderError).code).toBe(code);
      expect(attempt.appLatencies.length).toBeGreaterThan(0);
      if (attempt.loopMaxMs < 100) break;
    }
    const best = attempts.reduce((a, b) => (a.loopMaxMs <= b.loopMaxMs ? a : b));
    expect(best.loopMaxMs).toBeLessThan(100);
    // Answered normally: on today's code the app's request waited out the whole parse.
    expect(Math.max(...best.appLatencies)).toBeLessThan(1000);
  });
});

type Attempt = { outcome: unknown; loopMaxMs: number; appLatencies: number[] };

/** Runs `call` while requesting the app in a loop, with the event loop's worst delay. */
async function measure(call: () => Promise<unknown>): Promise<Attempt> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let done = false;
  const appLatencies: number[] = [];
  const appCalls = (async () => {
    do {
      const started = performance.now();
      const response = await fetch(appUrl);
      if ((await response.text()) === "app ok") appLatencies.push(performance.now() - started);
    } while (!done);
  })();
  const outcome = await call().then(
    () => null,
    (error: unknown) => error,
  );
  done = true;
  await appCalls;
  histogram.disable();
  return { outcome, loopMaxMs: histogram.max / 1e6, appLatencies };
}

it("a body over PROVIDER_MAX_BODY_BYTES is refused with a clear PROTOCOL_ERROR", async () => {
  body = Buffer.from(`ACCESS_BALANCE:${"9".repeat(2 * 1024 * 1024)}`);
  const error = await client.getBalance().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  expect((error as ProviderError).code).toBe("PROTOCOL_ERROR");
  expect((error as ProviderError).message).toContain("larger than 1048576 bytes");
});
