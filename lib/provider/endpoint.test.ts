import { describe, expect, it } from "vitest";
import { providerEndpoint } from "./endpoint";
import { KEY, params, setup } from "./test-helpers";

// Providers document their endpoint as the full …/stubs/handler_api.php URL; our presets and
// SMS_PROVIDER_URL name the site. Both must reach the same endpoint (the path was appended a
// second time before, and every call failed with HTTP_ERROR).
describe("providerEndpoint", () => {
  it.each([
    ["https://api.sms.online", "https://api.sms.online/stubs/handler_api.php"],
    ["https://api.sms.online/", "https://api.sms.online/stubs/handler_api.php"],
    ["https://api.sms.online/stubs/handler_api.php", "https://api.sms.online/stubs/handler_api.php"],
    ["https://api.sms.online/stubs/handler_api.php/", "https://api.sms.online/stubs/handler_api.php"],
    ["  https://api.sms.online/stubs/handler_api.php  ", "https://api.sms.online/stubs/handler_api.php"],
    ["https://api.sms.online/Stubs/Handler_API.php", "https://api.sms.online/Stubs/Handler_API.php"],
    ["https://host.example/api", "https://host.example/api/stubs/handler_api.php"],
    ["https://host.example/api/stubs/handler_api.php", "https://host.example/api/stubs/handler_api.php"],
    ["http://127.0.0.1:3100", "http://127.0.0.1:3100/stubs/handler_api.php"],
    ["http://127.0.0.1:3100/stubs/handler_api.php", "http://127.0.0.1:3100/stubs/handler_api.php"],
    ["https://host.example/#frag", "https://host.example/stubs/handler_api.php"],
  ])("%s → %s", (base, endpoint) => {
    expect(providerEndpoint(base)?.toString()).toBe(endpoint);
  });

  it.each(["", "api.sms.online", "javascript:alert(1)", "file:///etc/passwd", "ftp://host/"])(
    "%j is not a provider URL",
    (base) => {
      expect(providerEndpoint(base)).toBeNull();
    },
  );

  it.each(["http://127.0.0.1:3100", "http://127.0.0.1:3100/stubs/handler_api.php"])(
    "the client calls /stubs/handler_api.php once for base %s",
    async (baseUrl) => {
      const { client, calls } = setup(() => ({ body: "ACCESS_BALANCE:1.5" }), { baseUrl });
      expect(await client.getBalance()).toBe(1.5);
      expect(calls[0]?.url.pathname).toBe("/stubs/handler_api.php");
      expect(params(calls[0])).toEqual({ api_key: KEY, action: "getBalance" });
    },
  );
});
