import type { LookupAddress } from "node:dns";
import { describe, expect, it, vi } from "vitest";
import { BlockedAddressError, guardedLookup, literalRefusal } from "./guarded-agent";

// The connect-time check itself, without sockets: what the lookup hands to net.connect.
function lookup(addresses: LookupAddress[], options: { all?: boolean; family?: number } = { all: true }) {
  const resolve = vi.fn(async () => addresses);
  return new Promise<{ error: unknown; result: unknown; family: unknown; resolve: typeof resolve }>((done) => {
    guardedLookup(resolve)("provider.test", options as never, (error, result, family) =>
      done({ error, result, family, resolve }),
    );
  });
}

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

describe("guardedLookup", () => {
  it.each([
    ["169.254.169.254", v4("169.254.169.254")],
    ["127.0.0.1", v4("127.0.0.1")],
    ["10.x", v4("10.0.0.1")],
    ["192.168.x", v4("192.168.1.10")],
    ["100.64.x", v4("100.64.0.1")],
    ["fd00::", v6("fd00::1")],
    ["::1", v6("::1")],
    ["::ffff:127.0.0.1", v6("::ffff:127.0.0.1")],
    ["NAT64 of 10.0.0.1", v6("64:ff9b::a00:1")],
  ])("refuses a host that resolves to %s", async (_name, address) => {
    const { error, result } = await lookup([address]);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as BlockedAddressError).code).toBe("BLOCKED_ADDRESS");
    expect((error as BlockedAddressError).reason).toContain(address.address);
    expect(result).toBe("");
  });

  it("refuses when any one of several addresses is blocked (net may try any of them)", async () => {
    const { error } = await lookup([v4("93.184.215.14"), v4("10.0.0.1")]);
    expect(error).toBeInstanceOf(BlockedAddressError);
  });

  it("answers public addresses in the form net asked for", async () => {
    const all = await lookup([v4("93.184.215.14"), v6("2606:4700::1111")], { all: true });
    expect(all.error).toBeNull();
    expect(all.result).toEqual([v4("93.184.215.14"), v6("2606:4700::1111")]);
    const one = await lookup([v4("93.184.215.14")], {});
    expect([one.error, one.result, one.family]).toEqual([null, "93.184.215.14", 4]);
    const only6 = await lookup([v4("93.184.215.14"), v6("2606:4700::1111")], { family: 6 });
    expect(only6.result).toBe("2606:4700::1111");
  });

  it("passes a resolver failure on as it is", async () => {
    const failure = Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    const error = await new Promise((done) =>
      guardedLookup(async () => {
        throw failure;
      })("provider.test", { all: true }, (e) => done(e)),
    );
    expect(error).toBe(failure);
  });
});

describe("literalRefusal", () => {
  it.each([
    "https://169.254.169.254/latest/meta-data/",
    "https://127.0.0.1:6379/",
    "https://[::1]/",
    // The WHATWG URL parser turns hex, octal and short IPv4 forms into dotted quads.
    "https://0x7f000001/",
    "https://0177.0.0.1/",
    "https://2130706433/",
    "https://127.1/",
    "https://[::ffff:127.0.0.1]/",
    "https://[fd00::1]/",
    "https://10.0.0.1/",
  ])("refuses %s", (url) => {
    expect(literalRefusal(new URL(url))).toMatch(/^address .+ is /);
  });

  it("normalises http://0x7f000001/ to 127.0.0.1", () => {
    expect(new URL("http://0x7f000001/").hostname).toBe("127.0.0.1");
    expect(literalRefusal(new URL("https://0x7f000001/"))).toBe("address 127.0.0.1 is loopback");
  });

  it("leaves host names and public literals to the lookup", () => {
    expect(literalRefusal(new URL("https://api.sms.online/"))).toBeNull();
    expect(literalRefusal(new URL("https://93.184.215.14/"))).toBeNull();
  });
});
