import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestSimulator, type TestSimulator } from "./test-server";
import { isLoopbackUrl, WEBHOOK_RETRIES } from "./webhooks";

// The simulator's pushes: the payload, retries on non-200 (at the configured interval, capped
// at 7), loopback-only targets, and the poll lag that hides an SMS from getStatus for a while.

const KEY = "webhook-sim-key-0001";
let sim: TestSimulator;
let receiver: Server;
let receiverUrl: string;
/** Statuses the receiver answers, in order; 200 once they run out. */
let script: number[] = [];
let received: { body: unknown; contentType: string | undefined }[] = [];

beforeAll(async () => {
  sim = await startTestSimulator();
  sim.engine.setAccount(KEY, 10);
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ body: JSON.parse(body), contentType: req.headers["content-type"] });
      res.statusCode = script.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => receiver.close(resolve));
});
afterEach(() => {
  sim.engine.reset();
  sim.engine.setAccount(KEY, 10);
  script = [];
  received = [];
});

const control = (path: string, body: unknown) =>
  fetch(`${sim.baseUrl}/__sim/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

function buy(): string {
  const bought = sim.engine.createActivation({ key: KEY, service: "tg", country: "73", autoSms: false });
  if (!bought.ok) throw new Error("purchase failed");
  return bought.activation.id;
}

async function until(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("webhook pushes", () => {
  it("POSTs the activation payload as JSON when an SMS arrives", async () => {
    expect((await control("webhook", { key: KEY, url: receiverUrl })).status).toBe(200);
    const id = buy();
    sim.engine.deliverSms(id, { code: "4321", text: "Your code: 4321" });
    await until(() => received.length === 1);
    expect(received[0]).toEqual({
      contentType: "application/json",
      body: { activationId: Number(id), service: "tg", text: "Your code: 4321", code: "4321", country: 73, receivedAt: "2026-01-15 12:00:00" },
    });
  });

  it("retries on non-200 at the configured interval, and stops at the first 200", async () => {
    await control("webhook", { key: KEY, url: receiverUrl, retryMs: { min: 5, max: 10 } });
    script = [500, 404];
    sim.engine.deliverSms(buy(), { code: "1" });
    await until(() => received.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toHaveLength(3);
    const attempts = (await (await fetch(`${sim.baseUrl}/__sim/webhook`)).json()) as { attempts: { attempt: number; status: number }[] };
    expect(attempts.attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 500], [2, 404], [3, 200]]);
  });

  it(`gives up after ${WEBHOOK_RETRIES} retries`, async () => {
    await control("webhook", { key: KEY, url: receiverUrl, retryMs: { min: 1, max: 2 } });
    script = Array(20).fill(503);
    sim.engine.deliverSms(buy(), { code: "1" });
    await until(() => received.length === WEBHOOK_RETRIES + 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toHaveLength(WEBHOOK_RETRIES + 1);
  });

  it("pushes only for keys with a URL, and only to this machine", async () => {
    sim.engine.deliverSms(buy(), { code: "1" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(0);
    expect((await control("webhook", { key: KEY, url: "http://203.0.113.5/hook" })).status).toBe(400);
    expect(isLoopbackUrl("http://localhost:3000/x")).toBe(true);
    expect(isLoopbackUrl("http://[::1]:3000/x")).toBe(true);
    expect(isLoopbackUrl("http://127.0.0.1.example.com/x")).toBe(false);
    expect(isLoopbackUrl("file:///etc/passwd")).toBe(false);
  });
});

describe("poll lag", () => {
  const status = async (id: string) =>
    (await fetch(`${sim.apiUrl}?api_key=${KEY}&action=getStatus&id=${id}`)).text();

  it("hides an SMS from getStatus until the lag has passed on the simulator clock", async () => {
    expect((await control("poll-lag", { key: KEY, ms: 30_000 })).status).toBe(200);
    const id = buy();
    sim.engine.deliverSms(id, { code: "777" });
    expect(await status(id)).toBe("STATUS_WAIT_CODE");
    sim.engine.advance(31);
    expect(await status(id)).toBe("STATUS_OK:777");
    // The activation itself was never changed by the lagged reads.
    expect(sim.engine.getActivation(id)?.state).toBe("code_received");
  });
});
