import { describe, expect, it } from "vitest";
import { MAX_ALLOW_LIST_ENTRIES, normalizeAllowList, sourceAllowed } from "./allow-list";

describe("normalizeAllowList", () => {
  it("joins addresses and CIDRs; blank means anywhere", () => {
    expect(normalizeAllowList(" 203.0.113.7,198.51.100.0/24\n2001:db8::/32 ")).toEqual({ ok: true, value: "203.0.113.7, 198.51.100.0/24, 2001:db8::/32" });
    expect(normalizeAllowList("  ")).toEqual({ ok: true, value: null });
  });

  it("names the first entry that is not an address or CIDR", () => {
    expect(normalizeAllowList("203.0.113.7, example.com")).toEqual({ ok: false, invalid: "example.com" });
    expect(normalizeAllowList("10.0.0.0/33")).toEqual({ ok: false, invalid: "10.0.0.0/33" });
    // Forms ipaddr.js reads as another address: octal (8.0.0.1), one or three parts.
    for (const odd of ["010.0.0.1", "10", "1.2.3", "010.0.0.0/8", "0x7f.0.0.1"]) {
      expect(normalizeAllowList(odd)).toEqual({ ok: false, invalid: odd });
    }
    expect(normalizeAllowList(Array(MAX_ALLOW_LIST_ENTRIES + 1).fill("10.0.0.1").join(",")).ok).toBe(false);
  });
});

describe("sourceAllowed", () => {
  const list = "203.0.113.7, 198.51.100.0/24, 2001:db8::/32";

  it("lets any address through without a list", () => {
    expect(sourceAllowed(null, "192.0.2.1")).toBe(true);
    expect(sourceAllowed(null, null)).toBe(true);
  });

  it.each([
    ["a listed address", "203.0.113.7", true],
    ["its IPv4-mapped IPv6 form", "::ffff:203.0.113.7", true],
    ["an address in a listed range", "198.51.100.200", true],
    ["an IPv6 address in a listed range", "2001:db8:1::5", true],
    ["an unlisted address", "203.0.113.8", false],
    ["an unlisted IPv6 address", "2001:db9::1", false],
    ["an unknown address", null, false],
    ["garbage", "not-an-ip", false],
  ])("%s", (_name, address, allowed) => {
    expect(sourceAllowed(list, address)).toBe(allowed);
  });

  it("reads an IPv4-mapped range as the IPv4 range it is", () => {
    const mapped = "::ffff:84.32.223.0/120";
    expect(normalizeAllowList(mapped).ok).toBe(true);
    expect(sourceAllowed(mapped, "84.32.223.9")).toBe(true);
    expect(sourceAllowed(mapped, "::ffff:84.32.223.9")).toBe(true);
    expect(sourceAllowed(mapped, "84.32.224.9")).toBe(false);
  });
});
