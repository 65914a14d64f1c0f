import type { LookupAddress } from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createProviderClient } from "@/lib/provider";
import { expectRejectsWith } from "@/lib/provider/test-helpers";
import { parseAllowedHosts, type UrlPolicy } from "./base-url";
import { createProviderFetch } from "./provider-fetch";

// Connect-time refusals through the real fetch (undici) against loopback listeners that count
// every TCP connection: a refused call must open none. The resolver is fake; tests never use
// real DNS. Where a test's answer includes a non-loopback address, 127.0.0.1 (the listener)
// comes first, so even a broken guard would connect to the listener, never beyond loopback.

type Listener = { server: http.Server; port: number; connections: number; requests: string[] };

async function listen(host: string, handler?: http.RequestListener): Promise<Listener> {
  const server = http.createServer(handler ?? ((_req, res) => res.end("ACCESS_BALANCE:42")));
  const state: Listener = { server, port: 0, connections: 0, requests: [] };
  server.on("connection", () => state.connections++);
  server.on("request", (req) => state.requests.push(req.url ?? ""));
  await new Promise<void>((done) => server.listen(0, host, done));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

const KEY = "KEY-should-never-leak-5678";
let v4: Listener;
let v6: Listener;
let hop: Listener;
let redirecting: Listener;

beforeAll(async () => {
  v4 = await listen("127.0.0.1");
  v6 = await listen("::1");
  hop = await listen("127.0.0.1");
  redirecting = await listen("127.0.0.1", (_req, res) => {
    res.writeHead(302, { location: `http://127.0.0.1:${hop.port}/stubs/handler_api.php` });
    res.end("BAD_KEY");
  });
});
afterAll(() => {
  for (const l of [v4, v6, hop, redirecting]) l.server.close();
});

function client(baseUrl: string, answers: Record<string, LookupAddress[]> = {}, allowed = "") {
  const resolve = vi.fn(async (hostname: string) => {
    const found = answers[hostname];
    if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return found;
  });
  const policy: UrlPolicy = { trustedOrigins: ["http://127.0.0.1:1"], allowedHosts: parseAllowedHosts(allowed) };
  const logs: object[] = [];
  const logger = { info: (o: object) => logs.push(o), warn: (o: object) => logs.push(o) };
  const c = createProviderClient({
    baseUrl,
    apiKey: KEY,
    timeoutMs: 3000,
    fetch: createProviderFetch({ resolve, policy: () => policy }),
    logger,
  });
  return { client: c, resolve, logs };
}

const A = (address: string): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 });

describe("connect-time address rules", () => {
  it("control: an allowed host reaches the listener (so the listener would see a refused one)", async () => {
    const before = v4.connections;
    const { client: c } = client(`http://lan.test:${v4.port}`, { "lan.test": [A("127.0.0.1")] }, "lan.test");
    expect(await c.getBalance()).toBe(42);
    expect(v4.connections).toBe(before + 1);
  });

  it.each([
    ["plain http", () => `http://127.0.0.1:${v4.port}`],
    ["an IPv4 loopback literal", () => `https://127.0.0.1:${v4.port}`],
    ["0x7f000001", () => `https://0x7f000001:${v4.port}`],
    ["an IPv6 loopback literal", () => `https://[::1]:${v6.port}`],
    ["an IPv4-mapped literal", () => `https://[::ffff:127.0.0.1]:${v4.port}`],
  ])("refuses %s before any socket opens", async (_name, base) => {
    const before = [v4.connections, v6.connections];
    const { client: c, resolve, logs } = client(base());
    const error = await expectRejectsWith(c.getBalance(), "BLOCKED_ADDRESS");
    expect(error.outcomeUnknown).toBe(false);
    expect(resolve).not.toHaveBeenCalled();
    expect([v4.connections, v6.connections]).toEqual(before);
    expect(JSON.stringify(logs)).not.toContain(KEY);
    expect(error.message).not.toContain(KEY);
  });

  it.each([
    ["127.0.0.1", [A("127.0.0.1")]],
    ["::ffff:127.0.0.1", [A("::ffff:127.0.0.1")]],
    ["::1", [A("::1")]],
    ["10.x", [A("127.0.0.1"), A("10.0.0.1")]],
    ["192.168.x", [A("127.0.0.1"), A("192.168.1.10")]],
    ["100.64.x", [A("127.0.0.1"), A("100.64.0.1")]],
    ["fd00::", [A("127.0.0.1"), A("fd00::1")]],
    ["169.254.169.254", [A("127.0.0.1"), A("169.254.169.254")]],
  ])("refuses a host name that now resolves to %s, opening no socket", async (_name, addresses) => {
    const before = [v4.connections, v6.connections];
    const port = addresses[0]?.address === "::1" ? v6.port : v4.port;
    const { client: c, resolve } = client(`https://rebound.test:${port}`, { "rebound.test": addresses });
    const error = await expectRejectsWith(c.getBalance(), "BLOCKED_ADDRESS");
    expect(error.message).toMatch(/address .+ is /);
    expect(resolve).toHaveBeenCalledWith("rebound.test");
    expect([v4.connections, v6.connections]).toEqual(before);
  });

  it("refuses a redirect without following it, even from a trusted host", async () => {
    const { client: c, logs } = client(`http://redirector.test:${redirecting.port}`, { "redirector.test": [A("127.0.0.1")] }, "redirector.test");
    const error = await expectRejectsWith(c.getBalance(), "REDIRECT_REFUSED");
    expect(error.httpStatus).toBe(302);
    expect(error.token).toBeUndefined();
    expect(redirecting.requests).toHaveLength(1);
    expect(hop.connections).toBe(0);
    expect(JSON.stringify(logs)).not.toContain("BAD_KEY");
  });
});
