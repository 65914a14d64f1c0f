import "server-only";

// The api key travels in the query string (protocol.md, Transport), so every URL or text that
// may reach a log or an error goes through here first.

const REDACTED = "***";

// A regex instead of `URL.searchParams.set`: it also works on strings that are not valid URLs
// (a relative path, a message that embeds a URL) and leaves the other parameters untouched.
const API_KEY_PARAM = /([?&;]api_key=)[^&#\s]*/gi;

export function redactUrl(url: string | URL): string {
  return String(url).replace(API_KEY_PARAM, `$1${REDACTED}`);
}

// A secret shorter than 4 characters would match all over ordinary text and mangle it for no
// gain; such a key is not worth protecting this way.
export function redactSecret(text: string, secret: string): string {
  if (secret.length < 4) return text;
  // Also cover the percent-encoded forms, which is how the key appears inside a URL when it
  // contains reserved characters.
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ k: secret }).toString().slice(2),
  ]);
  let out = text;
  for (const form of forms) out = out.split(form).join(REDACTED);
  return out;
}
