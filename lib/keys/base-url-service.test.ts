import type { LookupAddress } from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";

// The base-URL rules through the key service, as a team admin meets them: a custom URL is
// refused when added (no key stored, no provider request), and a stored key whose host later
// resolves to a private address fails at connect time for Test and sync alike, with no request
// leaving. DNS is a fake resolver; the only sockets are loopback ones, counted.

const KEY = "base-url-test-key-0007";
let h: Harness;
let trap: { server: http.Server; port: number; connections: number };
let redirector: { server: http.Server; port: number; requests: number };
const answers = new Map<string, LookupAddress[]>();
const resolve = vi.fn(async (hostname: string) => {
  const found = answers.get(hostname);
  if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  return found;
});

beforeAll(async () => {
  const trapServer = http.createServer((_req, res) => res.end("ACCESS_BALANCE:1"));
  trap = { server: trapServer, port: 0, connections: 0 };
  trapServer.on("connection", () => trap.connections++);
  await new Promise<void>((done) => trapServer.listen(0, "127.0.0.1", done));
  trap.port = (trapServer.address() as AddressInfo).port;
  const redirectServer = http.createServer((_req, res) => {
    redirector.requests++;
    res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/iam" });
    res.end("STATUS_OK:secret-from-metadata");
  });
  redirector = { server: redirectServer, port: 0, requests: 0 };
  await new Promise<void>((done) => redirectServer.listen(0, "127.0.0.1", done));
  redirector.port = (redirectServer.address() as AddressInfo).port;
  h = await startHarness(KEY, { PROVIDER_ALLOWED_HOSTS: `redirector.test:${redirector.port}` });
  (await import("./base-url")).setProviderResolver(resolve);
});
afterAll(async () => {
  (await import("./base-url")).setProviderResolver(undefined);
  trap.server.close();
  redirector.server.close();
  await h.close();
});
beforeEach(() => {
  answers.clear();
  resolve.mockClear();
});

const custom = (baseUrl: string) => ({ name: "Custom", provider: "custom", baseUrl, secret: `${KEY}-custom-${Math.random()}` });

async function keyCount() {
  const db = await h.mod.db.getDb();
  const rows = await db.selectFrom("provider_keys").select("id").where("team_id", "=", TEAM).execute();
  return rows.length;
}

describe("adding a key", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data/#", "KEY_BASE_URL_INVALID"],
    ["https://169.254.169.254/latest/meta-data/", "KEY_BASE_URL_PRIVATE_ADDRESS"],
    ["http://127.0.0.1:6379/", "KEY_BASE_URL_NOT_HTTPS"],
    ["https://127.0.0.1:6379/", "KEY_BASE_URL_PRIVATE_ADDRESS"],
    ["http://[::1]/", "KEY_BASE_URL_NOT_HTTPS"],
    ["https://[::1]/", "KEY_BASE_URL_PRIVATE_ADDRESS"],
    ["http://0x7f000001/", "KEY_BASE_URL_NOT_HTTPS"],
    ["https://0x7f000001/", "KEY_BASE_URL_PRIVATE_ADDRESS"],
    ["https://user:secret@provider.test/", "KEY_BASE_URL_INVALID"],
    ["https://provider.test/?a=1", "KEY_BASE_URL_INVALID"],
  ])("refuses %s with %s, storing nothing and calling nobody", async (url, code) => {
    const keys = await keyCount();
    const result = await h.mod.keyService.createKey(TEAM, ACTOR, custom(url));
    expect(result).toMatchObject({ ok: false, failure: { code } });
    expect(await keyCount()).toBe(keys);
    // Not even DNS: IP literals and shape are decided from the URL alone.
    expect(resolve).not.toHaveBeenCalled();
  });

  it.each([
    ["10.x", "10.20.30.40"],
    ["192.168.x", "192.168.0.10"],
    ["100.64.x", "100.64.1.1"],
    ["fd00::", "fd00::5"],
    ["::ffff:127.0.0.1", "::ffff:127.0.0.1"],
  ])("refuses a host name resolving to %s", async (_name, address) => {
    answers.set("internal.test", [{ address, family: address.includes(":") ? 6 : 4 }]);
    const keys = await keyCount();
    const result = await h.mod.keyService.createKey(TEAM, ACTOR, custom("https://internal.test/stubs/handler_api.php"));
    // Named by the host typed, never by the internal address it resolved to.
    expect(result).toEqual({ ok: false, failure: { code: "KEY_BASE_URL_PRIVATE_ADDRESS", params: { address: "internal.test" } } });
    expect(JSON.stringify(result)).not.toContain(address);
    expect(await keyCount()).toBe(keys);
  });

  it("accepts SMS_PROVIDER_URL pasted with /stubs/handler_api.php, and the key works", async () => {
    const secret = `${KEY}-pasted`;
    h.sim.engine.setAccount(secret, 75);
    const created = await h.mod.keyService.createKey(TEAM, ACTOR, {
      name: "Imported",
      provider: "custom",
      baseUrl: `${h.sim.baseUrl}/stubs/handler_api.php`,
      secret,
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const tested = await h.mod.keyService.testKey(TEAM, ACTOR, created.value.id);
    expect(tested).toEqual({ ok: true, value: { balance: 75 } });
    expect(resolve).not.toHaveBeenCalled();
    await h.mod.keyService.setKeyEnabled(TEAM, ACTOR, created.value.id, false);
  });
});

describe("a stored key whose host later resolves to a private address", () => {
  it.each([
    ["127.0.0.1", [{ address: "127.0.0.1", family: 4 }]],
    ["::ffff:127.0.0.1", [{ address: "::ffff:127.0.0.1", family: 6 }]],
    ["10.x (after 127.0.0.1)", [{ address: "127.0.0.1", family: 4 }, { address: "10.0.0.1", family: 4 }]],
    ["fd00:: (after 127.0.0.1)", [{ address: "127.0.0.1", family: 4 }, { address: "fd00::1", family: 6 }]],
  ])("fails with BLOCKED_ADDRESS on Test and sync: %s, no request leaves", async (_name, later) => {
    const host = `rebind-${Math.random().toString(36).slice(2)}.test`;
    // Public when added (nothing connects then), private from the next lookup on: DNS rebinding.
    answers.set(host, [{ address: "93.184.215.14", family: 4 }]);
    resolve.mockImplementationOnce(async () => {
      answers.set(host, later);
      return [{ address: "93.184.215.14", family: 4 }];
    });
    const created = await h.mod.keyService.createKey(TEAM, ACTOR, custom(`https://${host}:${trap.port}`));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const before = trap.connections;

    const tested = await h.mod.keyService.testKey(TEAM, ACTOR, created.value.id);
    expect(tested).toMatchObject({ ok: false, failure: { code: "BLOCKED_ADDRESS" } });
    const key = await h.mod.keys.getTeamKey(TEAM, created.value.id);
    if (!key) throw new Error("key missing");
    await expect(h.mod.sync.syncKeyOnce(key)).rejects.toMatchObject({ code: "BLOCKED_ADDRESS" });

    expect(trap.connections).toBe(before);
    const db = await h.mod.db.getDb();
    const audit = await db.selectFrom("audit_log").selectAll().where("key_id", "=", created.value.id).where("action", "=", "key.test").execute();
    expect(audit.map((a) => a.result)).toEqual(["BLOCKED_ADDRESS"]);
    await h.mod.keyService.setKeyEnabled(TEAM, ACTOR, created.value.id, false);
  });
});

describe("redirects", () => {
  it("are refused for an allowed host, and no part of the redirect reaches the audit log", async () => {
    answers.set("redirector.test", [{ address: "127.0.0.1", family: 4 }]);
    const created = await h.mod.keyService.createKey(TEAM, ACTOR, custom(`http://redirector.test:${redirector.port}`));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const tested = await h.mod.keyService.testKey(TEAM, ACTOR, created.value.id);
    expect(tested).toMatchObject({ ok: false, failure: { code: "REDIRECT_REFUSED" } });
    const db = await h.mod.db.getDb();
    const audit = await db.selectFrom("audit_log").selectAll().where("key_id", "=", created.value.id).execute();
    const text = JSON.stringify(audit);
    expect(text).toContain("REDIRECT_REFUSED");
    expect(text).not.toContain("secret-from-metadata");
    expect(text).not.toContain("169.254");
    await h.mod.keyService.setKeyEnabled(TEAM, ACTOR, created.value.id, false);
  });
});
