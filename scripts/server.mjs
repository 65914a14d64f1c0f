// `npm start`: the production server. Next.js's own `next start` fills X-Forwarded-For from the
// socket only when the client sent none, so any client could pick the address the sign-in limiter
// counts. This server resolves the client address itself (scripts/client-address.mjs: the socket,
// and X-Forwarded-For only through proxies listed in TRUSTED_PROXIES), overwrites the header with
// that one address, and only then hands the request to Next.js. lib/net/client-address.ts reads it.
// `npm run dev` (next dev) does none of this: never expose a dev server.
//
// Usage: node scripts/server.mjs [-p|--port 3000] [-H|--hostname 0.0.0.0]
//        (or PORT / HOSTNAME in the environment, as with next start).
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { applyClientAddress, parseTrustedProxies } from "./client-address.mjs";

const root = path.resolve(import.meta.dirname, "..");
process.env.NODE_ENV ??= "production";

function settings() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", short: "p" },
      hostname: { type: "string", short: "H" },
    },
    strict: true,
  });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${values.port ?? process.env.PORT}`);
  // Like next start: every interface unless told otherwise.
  const hostname = values.hostname ?? process.env.HOSTNAME ?? undefined;
  return { port, hostname, trusted: parseTrustedProxies(process.env.TRUSTED_PROXIES) };
}

let config;
try {
  config = settings();
} catch (error) {
  console.error(`Cannot start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const { port, hostname, trusted } = config;
// Proves to the app (same process) that this server resolved the address (client-address.mjs).
process.env.SMS_DESK_DIRECT_MARK = randomBytes(18).toString("base64url");

// Imported after NODE_ENV is settled: Next.js reads it while loading.
const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname: hostname ?? "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  applyClientAddress(req, trusted.trust, process.env.SMS_DESK_DIRECT_MARK);
  skipCompressionOfActionAnswers(req);
  handle(req, res).catch((error) => {
    console.error("Unhandled request error", error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});

// Next.js gzips every response the client accepts gzip for (`compress`, on by default), and an
// action's answer is streamed, so its size is never known in advance: every click paid for a
// fresh zlib stream (its CPU, and a round trip through the thread pool) to pack ~170 bytes:
// 2.7–5.0 ms of a click's median in an A/B of the click bench (gzip asked for or not).
// Without Accept-Encoding the compression middleware sends the answer as it is; pages, route
// handlers and assets are still compressed. No action here re-renders a page into its answer
// (they return the envelope; the UI refreshes with a GET), so nothing large goes out unpacked.
function skipCompressionOfActionAnswers(req) {
  if (req.method === "POST" && req.headers["next-action"]) delete req.headers["accept-encoding"];
}

server.listen(port, hostname, () => {
  const shown = hostname ?? "0.0.0.0";
  const proxies = trusted.entries.length ? trusted.entries.join(", ") : "none (the socket address counts)";
  console.log(`SMS Desk listening on http://${shown.includes(":") ? `[${shown}]` : shown}:${port}; trusted proxies: ${proxies}`);
});

// Hooks the app registers at boot (instrumentation.ts, same process): stop background work at
// once (sync loops release their leases, so another instance takes over), then, once requests in
// flight are done, tell the other instances this one is gone. Both bounded by the timeout below.
async function shutdownHook(name) {
  try {
    await globalThis.smsDeskShutdown?.[name]?.();
  } catch (error) {
    console.error(`Shutdown step ${name} failed: ${error instanceof Error ? error.message : error}`);
  }
}

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing the server`);
  // Stop accepting, let requests in flight finish, then leave; never hang on a stuck keep-alive.
  setTimeout(() => process.exit(0), 10_000).unref();
  const backgroundStopped = shutdownHook("stopBackgroundWork");
  server.close(() => {
    Promise.all([backgroundStopped, Promise.resolve(app.close?.()).catch(() => {})])
      .then(() => shutdownHook("afterRequests"))
      .finally(() => process.exit(0));
  });
  server.closeIdleConnections();
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(signal));
