import type { LookupAddress } from "node:dns";
import { describe, expect, it, vi } from "vitest";
import { checkBaseUrl, connectRefusal, isTrustedUrl, parseAllowedHosts, type UrlPolicy } from "./base-url";

// Add-time rules for a custom base URL. The resolver is fake (no real DNS in tests), and no
// request is ever sent by checkBaseUrl: only the resolver can be called.

const SIM = "http://127.0.0.1:3100";
const policy: UrlPolicy = { trustedOrigins: [SIM], allowedHosts: parseAllowedHosts("lan-provider.internal, 10.0.0.7:8080") };
const PUBLIC: LookupAddress[] = [{ address: "93.184.215.14", family: 4 }];

function resolverFor(answers: Record<string, LookupAddress[]>) {
  return vi.fn(async (hostname: string) => {
    const found = answers[hostname];
    if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return found;
  });
}

const check = (url: string, resolve = resolverFor({ "provider.example": PUBLIC })) =>
  checkBaseUrl(url, { policy, resolve });

describe("checkBaseUrl", () => {
  it.each([
    // The forms from the issue.
    ["http://169.254.169.254/latest/meta-data/#", "KEY_BASE_URL_INVALID"],
    ["https://169.254.169.254/latest/meta-data/", "KEY_BASE_URL_PRIVATE_ADDRESS"],
    ["http://127.0.0.1:6379/", "KEY_BASE_URL_NOT_HTTPS"],
    ["https://127.0.0.1:6379/", "KEY_BASE_URL_PRIVATE_ADDRESS"],
    ["http://[::1]/", "KEY_BASE_URL_NOT_HTTPS"],
    ["https://[::1]/", "KEY_BASE_URL_PRIVATE_ADDRESS"],
    ["http://0x7f000001/", "KEY_BASE_URL_NOT_HTTPS"],
    ["https://0x7f000001/", "KEY_BASE_URL_PRIVATE_ADDRESS"],
    ["https://[::ffff:127.0.0.1]/", "KEY_BASE_URL_PRIVATE_ADDRESS"],
    ["https://[fd00::1]/", "KEY_BASE_URL_PRIVATE_ADDRESS"],
    // Plain http sends the key in clear.
    ["http://provider.example", "KEY_BASE_URL_NOT_HTTPS"],
    // Shape.
    ["https://user:pass@provider.example", "KEY_BASE_URL_INVALID"],
    ["https://provider.example/?x=1", "KEY_BASE_URL_INVALID"],
    ["https://provider.example/#", "KEY_BASE_URL_INVALID"],
    ["https://provider.example/#frag", "KEY_BASE_URL_INVALID"],
    ["ftp://provider.example", "KEY_BASE_URL_INVALID"],
    ["javascript:alert(1)", "KEY_BASE_URL_INVALID"],
    ["not a url", "KEY_BASE_URL_INVALID"],
    // A host nobody can resolve.
    ["https://nowhere.example", "KEY_BASE_URL_UNRESOLVED"],
  ])("%s → %s", async (url, code) => {
    expect((await check(url))?.code).toBe(code);
  });

  it("names the address", async () => {
    expect(await check("https://0x7f000001/")).toEqual({
      code: "KEY_BASE_URL_PRIVATE_ADDRESS",
      params: { address: "127.0.0.1" },
    });
  });

  it.each([
    ["10.x", "10.1.2.3"],
    ["192.168.x", "192.168.1.10"],
    ["100.64.x (CGNAT)", "100.64.0.1"],
    ["169.254.169.254", "169.254.169.254"],
    ["127.0.0.1", "127.0.0.1"],
    ["fd00::", "fd00::1"],
    ["::ffff:127.0.0.1", "::ffff:127.0.0.1"],
    ["::1", "::1"],
  ])("refuses a host name that resolves to %s, calling only the resolver", async (_name, address) => {
    const resolve = resolverFor({
      "sneaky.example": [{ address: "93.184.215.14", family: 4 }, { address, family: address.includes(":") ? 6 : 4 }],
    });
    // Named by the host the admin typed, never by the internal address it resolved to.
    expect(await check("https://sneaky.example/stubs/handler_api.php", resolve)).toEqual({
      code: "KEY_BASE_URL_PRIVATE_ADDRESS",
      params: { address: "sneaky.example" },
    });
    expect(resolve).toHaveBeenCalledWith("sneaky.example");
  });

  it.each([
    "https://provider.example",
    "https://provider.example/",
    // The documented endpoint form is the same provider.
    "https://provider.example/stubs/handler_api.php",
    " https://provider.example/stubs/handler_api.php ",
  ])("accepts %s", async (url) => {
    expect(await check(url)).toBeNull();
  });

  it("trusts SMS_PROVIDER_URL's origin (http and loopback), with or without the endpoint path", async () => {
    const resolve = resolverFor({});
    expect(await check(SIM, resolve)).toBeNull();
    expect(await check(`${SIM}/stubs/handler_api.php`, resolve)).toBeNull();
    expect(await check("http://127.0.0.1:3101", resolve)).toEqual({ code: "KEY_BASE_URL_NOT_HTTPS" });
    expect(await check("https://127.0.0.1:3100", resolve)).toMatchObject({ code: "KEY_BASE_URL_PRIVATE_ADDRESS" });
    expect(resolve).not.toHaveBeenCalled();
  });

  it("trusts PROVIDER_ALLOWED_HOSTS, by host or host:port", async () => {
    const resolve = resolverFor({ "lan-provider.internal": [{ address: "10.0.0.9", family: 4 }] });
    expect(await check("http://lan-provider.internal", resolve)).toBeNull();
    expect(await check("http://LAN-PROVIDER.internal:9000/stubs/handler_api.php", resolve)).toBeNull();
    expect(await check("http://10.0.0.7:8080", resolve)).toBeNull();
    expect(await check("http://10.0.0.7:8081", resolve)).toEqual({ code: "KEY_BASE_URL_NOT_HTTPS" });
    expect(await check("https://10.0.0.7", resolve)).toMatchObject({ code: "KEY_BASE_URL_PRIVATE_ADDRESS" });
  });

  it("gives up on a resolver that does not answer", async () => {
    const started = Date.now();
    const failure = await checkBaseUrl("https://slow.example", {
      policy,
      resolve: () => new Promise(() => {}),
      resolveTimeoutMs: 50,
    });
    expect(failure).toEqual({ code: "KEY_BASE_URL_UNRESOLVED", params: { host: "slow.example" } });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("PROVIDER_ALLOWED_HOSTS", () => {
  it("parses host names, host:port, IPv6 and full URLs, and skips junk", () => {
    expect(parseAllowedHosts(" a.example ,B.Example:8443,[fd00::1],[fd00::2]:81, https://c.example:9000/x ,, bad host, 0x7f000001 ")).toEqual([
      { hostname: "a.example", port: null },
      { hostname: "b.example", port: "8443" },
      { hostname: "[fd00::1]", port: null },
      { hostname: "[fd00::2]", port: "81" },
      { hostname: "c.example", port: "9000" },
      { hostname: "127.0.0.1", port: null },
    ]);
  });

  it("matches the default port of the scheme", () => {
    const rules = { trustedOrigins: [], allowedHosts: parseAllowedHosts("a.example:443,b.example:80") };
    expect(isTrustedUrl(new URL("https://a.example/"), rules)).toBe(true);
    expect(isTrustedUrl(new URL("http://a.example/"), rules)).toBe(false);
    expect(isTrustedUrl(new URL("http://b.example/"), rules)).toBe(true);
  });
});

describe("connectRefusal (every connection, before any socket)", () => {
  it.each([
    ["http://provider.example/stubs/handler_api.php", /plain http/],
    ["https://169.254.169.254/", /169\.254\.169\.254 is linkLocal/],
    ["https://127.0.0.1:6379/", /127\.0\.0\.1 is loopback/],
    ["https://[::1]/", /::1 is loopback/],
    ["https://0x7f000001/", /127\.0\.0\.1 is loopback/],
    ["https://10.0.0.1/", /is private/],
  ])("refuses %s", (url, reason) => {
    expect(connectRefusal(new URL(url), policy)).toMatch(reason);
  });

  it("reads the policy it is given at each call: a host dropped from the list is refused", () => {
    const url = new URL("http://lan-provider.internal/stubs/handler_api.php");
    expect(connectRefusal(url, policy)).toBeNull();
    expect(connectRefusal(url, { ...policy, allowedHosts: [] })).toMatch(/plain http/);
  });
});
