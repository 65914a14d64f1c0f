import { describe, expect, it } from "vitest";
import { applyClientAddress, DIRECT_MARK_HEADER, parseTrustedProxies, resolveClientAddress } from "./client-address.mjs";

// The app believes X-Forwarded-For because scripts/server.mjs rewrites it from the socket: a
// client-sent value never survives unless the peer that passed it on is a trusted proxy.

const request = (remoteAddress, headers = {}) => ({ socket: { remoteAddress }, headers: { ...headers } });
const none = parseTrustedProxies(undefined).trust;

describe("resolveClientAddress", () => {
  it("without TRUSTED_PROXIES, is the socket address whatever X-Forwarded-For says", () => {
    for (const spoofed of ["203.0.113.9", "203.0.113.9, 198.51.100.1", "garbage", "::1"]) {
      expect(resolveClientAddress(request("127.0.0.1", { "x-forwarded-for": spoofed }), none)).toBe("127.0.0.1");
    }
    expect(resolveClientAddress(request("::ffff:192.0.2.7", { "x-forwarded-for": "203.0.113.9" }), none)).toBe(
      "192.0.2.7",
    );
  });

  it("behind a trusted proxy, is the nearest untrusted hop, so a client cannot prepend its own", () => {
    const { trust } = parseTrustedProxies("127.0.0.1");
    expect(resolveClientAddress(request("127.0.0.1", { "x-forwarded-for": "198.51.100.7" }), trust)).toBe("198.51.100.7");
    // The client sent "6.6.6.6"; the proxy appended the real peer: the real peer counts.
    expect(resolveClientAddress(request("127.0.0.1", { "x-forwarded-for": "6.6.6.6, 198.51.100.7" }), trust)).toBe(
      "198.51.100.7",
    );
    // A peer that is not the trusted proxy is its own client, whatever it forwards.
    expect(resolveClientAddress(request("192.0.2.50", { "x-forwarded-for": "198.51.100.7" }), trust)).toBe("192.0.2.50");
    // No header from the proxy: the proxy itself is all we know.
    expect(resolveClientAddress(request("127.0.0.1"), trust)).toBe("127.0.0.1");
  });

  it("walks a chain of trusted proxies given as names and CIDRs", () => {
    const { trust } = parseTrustedProxies("loopback, 10.0.0.0/8");
    const req = request("::1", { "x-forwarded-for": "6.6.6.6, 203.0.113.4, 10.1.2.3" });
    expect(resolveClientAddress(req, trust)).toBe("203.0.113.4");
  });

  it("never returns a hop that is not an address", () => {
    const { trust } = parseTrustedProxies("loopback");
    expect(resolveClientAddress(request("127.0.0.1", { "x-forwarded-for": "not-an-ip" }), trust)).toBe("127.0.0.1");
  });

  it("is null when the socket is gone", () => {
    expect(resolveClientAddress({ socket: {}, headers: {} }, none)).toBeNull();
  });
});

describe("applyClientAddress", () => {
  it("replaces a client-sent X-Forwarded-For with the socket address and drops other forwarding headers", () => {
    const req = request("127.0.0.1", {
      "x-forwarded-for": "203.0.113.9",
      "x-forwarded-host": "evil.test",
      "x-forwarded-proto": "https",
      "x-real-ip": "203.0.113.9",
      forwarded: "for=203.0.113.9",
      host: "127.0.0.1:3000",
    });
    expect(applyClientAddress(req, none)).toBe("127.0.0.1");
    expect(req.headers).toEqual({ "x-forwarded-for": "127.0.0.1", host: "127.0.0.1:3000" });
  });

  it("sets X-Forwarded-For when the client sent none", () => {
    const req = request("192.0.2.1");
    applyClientAddress(req, none);
    expect(req.headers["x-forwarded-for"]).toBe("192.0.2.1");
  });

  it("keeps a trusted proxy's forwarding headers and collapses the chain to the client", () => {
    const { trust } = parseTrustedProxies("loopback");
    const req = request("127.0.0.1", { "x-forwarded-for": "6.6.6.6, 198.51.100.7", "x-forwarded-proto": "https" });
    applyClientAddress(req, trust);
    expect(req.headers).toEqual({ "x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "https" });
  });
});

describe("parseTrustedProxies", () => {
  it("accepts addresses, CIDRs, netmasks and names; unset trusts nobody", () => {
    expect(parseTrustedProxies("10.0.0.1, 10.0.0.0/8, 192.168.0.0/255.255.0.0, fd00::/8, loopback").entries).toHaveLength(5);
    expect(parseTrustedProxies("").trust("127.0.0.1", 0)).toBe(false);
    expect(parseTrustedProxies(undefined).entries).toEqual([]);
  });

  it("refuses a bad entry with a message that names it", () => {
    for (const bad of ["proxy.example.com", "10.0.0.0/33", "10.0.0.0/0", "loopbak", "1.2.3.4/abc"]) {
      expect(() => parseTrustedProxies(`127.0.0.1, ${bad}`)).toThrow(`"${bad}"`);
    }
  });
});

describe("the direct mark (who may skip the setup token)", () => {
  const MARK = "process-secret";
  it("is set for a client the server saw itself, and for one behind a trusted proxy", () => {
    const direct = request("127.0.0.1");
    applyClientAddress(direct, none, MARK);
    expect(direct.headers[DIRECT_MARK_HEADER]).toBe(MARK);
    const proxied = request("127.0.0.1", { "x-forwarded-for": "198.51.100.7" });
    applyClientAddress(proxied, parseTrustedProxies("loopback").trust, MARK);
    expect(proxied.headers[DIRECT_MARK_HEADER]).toBe(MARK);
  });

  it("is not set when an untrusted peer forwarded the request (nginx on this host, unlisted)", () => {
    for (const header of ["x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host"]) {
      const req = request("127.0.0.1", { [header]: "203.0.113.9" });
      applyClientAddress(req, none, MARK);
      expect(req.headers[DIRECT_MARK_HEADER], header).toBeUndefined();
      expect(req.headers["x-forwarded-for"]).toBe("127.0.0.1");
    }
  });

  it("a copy sent by the client never survives", () => {
    const req = request("203.0.113.9", { [DIRECT_MARK_HEADER]: "guess" });
    applyClientAddress(req, none, MARK);
    expect(req.headers[DIRECT_MARK_HEADER]).toBe(MARK);
    const forwarded = request("127.0.0.1", { [DIRECT_MARK_HEADER]: MARK, "x-forwarded-for": "203.0.113.9" });
    applyClientAddress(forwarded, none, MARK);
    expect(forwarded.headers[DIRECT_MARK_HEADER]).toBeUndefined();
  });
});
