import "server-only";

export const ENDPOINT_PATH = "/stubs/handler_api.php";

/**
 * The handler URL for a provider's base URL, or null if it is not an absolute http(s) URL.
 * Providers document their endpoint as the full `https://host/stubs/handler_api.php` while our
 * presets name the site (`https://host`): both forms mean the same endpoint, decided here and
 * nowhere else (custom keys, SMS_PROVIDER_URL and keys stored before this rule alike).
 */
export function providerEndpoint(baseUrl: string): URL | null {
  const text = baseUrl.trim();
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  let path = url.pathname;
  while (path.endsWith("/")) path = path.slice(0, -1);
  url.pathname = path.toLowerCase().endsWith(ENDPOINT_PATH) ? path : `${path}${ENDPOINT_PATH}`;
  return url;
}
