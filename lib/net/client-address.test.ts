import { afterEach, describe, expect, it } from "vitest";
import { addressGroup, clientAddress, directClientAddress, isLoopbackAddress } from "./client-address";

// What the app believes about who is asking (scripts/server.mjs sets the headers it reads).

const MARK = "per-process-secret-mark";
const headers = (values: Record<string, string>) => new Headers(values);

afterEach(() => {
  delete process.env.SMS_DESK_DIRECT_MARK;
});

describe("directClientAddress", () => {
  it("is the address only with this process's mark, which only scripts/server.mjs sets", () => {
    process.env.SMS_DESK_DIRECT_MARK = MARK;
    expect(directClientAddress(headers({ "x-forwarded-for": "127.0.0.1", "x-sms-desk-direct": MARK }))).toBe("127.0.0.1");
    expect(directClientAddress(headers({ "x-forwarded-for": "127.0.0.1", "x-sms-desk-direct": "guess" }))).toBeNull();
    expect(directClientAddress(headers({ "x-forwarded-for": "127.0.0.1" }))).toBeNull();
  });

  it("is null under plain next start / next dev (no mark in the process), whatever the client sends", () => {
    const spoofed = headers({ "x-forwarded-for": "127.0.0.1", "x-sms-desk-direct": "" });
    expect(clientAddress(spoofed)).toBe("127.0.0.1");
    expect(directClientAddress(spoofed)).toBeNull();
  });
});

describe("addressGroup", () => {
  it.each([
    ["192.0.2.7", "192.0.2.7"],
    ["::ffff:192.0.2.7", "192.0.2.7"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["not an address", "not an address"],
  ])("%s -> %s", (address, group) => {
    expect(addressGroup(address)).toBe(group);
  });
});

describe("isLoopbackAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["0:0:0:0:0:0:0:1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["10.0.0.1", false],
    ["::", false],
    ["localhost", false],
  ])("%s: %s", (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});
