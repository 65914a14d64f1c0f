import { afterEach, describe, expect, it, vi } from "vitest";
import { invalidAllowedHostEntries } from "./allowed-hosts";

// A typo in PROVIDER_ALLOWED_HOSTS must stop the server, not silently allow less than meant.

afterEach(() => {
  delete process.env.PROVIDER_ALLOWED_HOSTS;
  vi.resetModules();
});

describe("PROVIDER_ALLOWED_HOSTS validation", () => {
  it("names the entries that are not hosts", () => {
    expect(invalidAllowedHostEntries("a.example, bad host, 10.0.0.7:8080, http://, [zz::1]")).toEqual([
      "bad host",
      "http://",
      "[zz::1]",
    ]);
    expect(invalidAllowedHostEntries(" a.example ,, [fd00::1]:81 ")).toEqual([]);
  });

  it("makes the environment invalid, naming the variable and not its value", async () => {
    process.env.PROVIDER_ALLOWED_HOSTS = "provider.lan, provider lan";
    vi.resetModules();
    const { env } = await import("@/lib/config/env");
    expect(() => env()).toThrow(/PROVIDER_ALLOWED_HOSTS/);
    expect(() => env()).not.toThrow(/provider lan/);
  });
});
