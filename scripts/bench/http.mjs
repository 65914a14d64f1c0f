// HTTP as the browser does it, without a browser: sign in for a session cookie, poll the JSON
// routes, and call a server action the way React does (POST to the page with a Next-Action id),
// reading the result envelope out of the RSC text answer.
import fs from "node:fs";
import path from "node:path";

const REQUEST_TIMEOUT_MS = 15_000;

/** The ids of the named server actions in the production build's manifest. */
export function actionIds(root, names) {
  const file = path.join(root, ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  const ids = {};
  for (const [id, entry] of Object.entries(manifest.node ?? {})) {
    if (names.includes(entry.exportedName)) ids[entry.exportedName] = id;
  }
  for (const name of names)
    if (!ids[name]) throw new Error(`${name} is not in ${file}: rebuild the app`);
  return ids;
}

/**
 * Opt-in (the cluster bench): a request whose reused keep-alive connection was reset is sent once
 * more, as browsers do; a busy machine otherwise turns the server's idle-socket close into
 * client errors. A dead server still fails: the second attempt is refused.
 */
export const httpOptions = { retryResetConnection: false };
const RESET = new Set(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE"]);

/** One timed request. Never throws: network failures come back as { status: 0, failure }. */
export async function timed(url, init) {
  const started = performance.now();
  let firstFailure = null;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, {
        ...init,
        redirect: "manual",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text,
        ms: performance.now() - started,
        ...(attempt > 1 ? { retried: true } : {}),
      };
    } catch (error) {
      const code = error?.cause?.code;
      const failure = error?.name === "TimeoutError" ? "timeout" : `network (${code ?? error?.name})`;
      if (attempt === 1 && httpOptions.retryResetConnection && RESET.has(code)) {
        firstFailure = failure;
        continue;
      }
      // The first failure is the one that counts: the reset request may have reached the server.
      return { status: 0, failure: firstFailure ?? failure, text: "", ms: performance.now() - started };
    }
  }
}

/**
 * Signs in with email and password; the session cookie, or throws. `headers` adds request
 * headers (the cluster bench sends X-Forwarded-For as a trusted proxy would).
 */
export async function signIn(appUrl, email, password, headers = {}) {
  const result = await timed(`${appUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json", origin: appUrl },
    body: JSON.stringify({ email, password }),
  });
  if (result.status !== 200) {
    throw new Error(
      `sign-in of ${email}: HTTP ${result.status || result.failure} ${result.text.slice(0, 200)}`,
    );
  }
  const cookie = result.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!cookie) throw new Error(`sign-in of ${email}: no session cookie`);
  return { cookie, ms: result.ms };
}

/** GET a JSON route as a signed-in browser. { ms, status, body?, failure? } */
export async function getJson(appUrl, route, cookie) {
  const result = await timed(`${appUrl}${route}`, {
    headers: { cookie, accept: "application/json" },
  });
  if (result.status !== 200)
    return { ...result, failure: result.failure ?? `HTTP ${result.status}` };
  try {
    return { ...result, body: JSON.parse(result.text) };
  } catch {
    return { ...result, failure: "not JSON" };
  }
}

/**
 * Calls a server action. The RSC answer has one row per line ("0:{...}" the header, "1:{...}"
 * the value): next-safe-action's value is { data: envelope } | { serverError } | { validationErrors }.
 * Returns { ms, status, envelope?, failure? } with the envelope as the UI's unwrapAction sees it.
 */
export async function callAction(appUrl, page, actionId, cookie, input) {
  const result = await timed(`${appUrl}${page}`, {
    method: "POST",
    headers: {
      cookie,
      "next-action": actionId,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      origin: appUrl,
    },
    body: JSON.stringify([input]),
  });
  if (result.status !== 200)
    return { ...result, failure: result.failure ?? `HTTP ${result.status}` };
  const value = rscValue(result.text);
  if (!value) return { ...result, failure: "no result row in the RSC answer" };
  if (value.data?.data !== undefined || value.data?.error)
    return { ...result, envelope: value.data };
  const error = value.serverError ?? value.validationErrors;
  if (error?.code) return { ...result, envelope: { error } };
  return { ...result, failure: "unknown result shape" };
}

function rscValue(text) {
  for (const line of text.split("\n")) {
    const match = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!match) continue;
    try {
      // React writes an undefined field as "$undefined"; the reviver drops it.
      const row = JSON.parse(match[1], (_key, v) => (v === "$undefined" ? undefined : v));
      if ("data" in row || "serverError" in row || "validationErrors" in row) return row;
    } catch {
      // not a JSON row (or another chunk type): keep looking
    }
  }
  return null;
}
