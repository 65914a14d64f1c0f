// `npm run bench:ui` part "poll" (BENCH_UI_ONLY=poll runs it alone): what one poll of
// GET /api/activations costs with 500 and 5,000 active activations, against the production build
// and the bundled simulator on 127.0.0.1. Three kinds of poll, each timed BENCH_POLLS times:
// - full: no cursor (a page's first read, a team switch);
// - unchanged: the last answer's cursor and ETag, nothing written since: must be a 304;
// - changed: the cursor and ETag from before one row changed (a code arrived, recorded by sync):
//   a 200 with that row (and any other written within the overlap window; see
//   lib/activations/poll.ts). The same stale cursor is sent every time, so each poll does the
//   full work of a changed poll.
// Rows are bought "elsewhere" through the simulator's control API and imported by the app's own
// sync. Before measuring, the bench waits until no row was written for longer than the overlap
// window, so a delta holds the changed row alone, as on a team whose numbers were not all bought
// in the last minute. Knobs: BENCH_POLLS (200), BENCH_APP_PORT/BENCH_SIM_PORT (3630/3631).
// Report: stdout and data/bench/ui-poll/report.json.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { timed, signIn } from "./http.mjs";
import { percentiles } from "./stats.mjs";
import { hasBuild, startStack } from "../stack.mjs";
import { benchStackEnv } from "./stack-env.mjs";
import { simControl } from "./sim.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
const host = "127.0.0.1";
const appPort = Number(process.env.BENCH_APP_PORT ?? 3630);
const simPort = Number(process.env.BENCH_SIM_PORT ?? 3631);
const appUrl = `http://${host}:${appPort}`;
const simUrl = `http://${host}:${simPort}`;
const polls = Number(process.env.BENCH_POLLS ?? 200);
const SIZES = (process.env.BENCH_SIZES ?? "500,5000").split(",").map(Number);
/** lib/activations/poll.ts OVERLAP_MS, plus a margin. */
const QUIET_MS = 65_000;
const apiKey = `bench-${randomBytes(12).toString("hex")}`;
const adminEmail = "admin@demo.local";
const adminPassword = "bench-admin-pass";

if (!(polls >= 10 && polls <= 10_000)) throw new Error("BENCH_POLLS must be between 10 and 10000");
if (
  !SIZES.every((n) => Number.isInteger(n) && n >= 1 && n <= 20_000) ||
  SIZES.some((n, i) => i > 0 && n <= SIZES[i - 1])
) {
  throw new Error("BENCH_SIZES must be increasing row counts, e.g. 500,5000");
}
if (!hasBuild()) throw new Error("No production build in .next: run `npm run build` first");

const outDir = path.join(root, "data", "bench", "ui-poll");
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

const control = (method, route, body) => simControl(simUrl, method, route, body);

/** `count` more waiting activations on the key, bought a minute ago (no code, nothing ends). */
async function buy(count) {
  await control("POST", "/__sim/keys", { key: apiKey, balance: 1_000_000 });
  const ids = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () =>
      control("POST", "/__sim/activations", {
        key: apiKey,
        service: "tg",
        country: "73",
        ageSeconds: 60,
        autoSms: false,
      }),
    );
    for (const bought of await Promise.all(batch)) ids.push(bought.id);
  }
  return ids;
}

/** One poll as the browser makes it; identity encoding so the size is the JSON itself. */
async function poll(cookie, from) {
  const headers = { cookie, accept: "application/json", "accept-encoding": "identity" };
  let url = `${appUrl}/api/activations`;
  if (from) {
    url += `?since=${encodeURIComponent(from.cursor)}`;
    headers["if-none-match"] = from.etag;
  }
  const result = await timed(url, { headers });
  if (result.status !== 200 && result.status !== 304) {
    throw new Error(
      `GET /api/activations: ${result.status || result.failure} ${result.text.slice(0, 200)}`,
    );
  }
  const body = result.status === 200 ? JSON.parse(result.text) : null;
  return {
    status: result.status,
    ms: result.ms,
    bytes: Buffer.byteLength(result.text),
    gzipBytes: result.text ? gzipSync(result.text).length : 0,
    rows: body?.activations.length ?? 0,
    full: body?.full ?? null,
    next: body ? { cursor: body.cursor, etag: result.headers.get("etag") } : from,
  };
}

/** Times `polls` polls from the same starting point; every answer must have `status`. */
async function measure(cookie, from, status) {
  const samples = [];
  for (let i = 0; i < polls; i++) {
    const answer = await poll(cookie, from);
    if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}`);
    samples.push(answer);
  }
  const last = samples.at(-1);
  return {
    status,
    latencyMs: percentiles(samples.map((s) => s.ms)),
    bytes: last.bytes,
    gzipBytes: last.gzipBytes,
    rows: last.rows,
  };
}

/** Another signed-in JSON route, timed the same way. */
async function measureRoute(cookie, route) {
  const samples = [];
  for (let i = 0; i < polls; i++) {
    const result = await timed(`${appUrl}${route}`, {
      headers: { cookie, "accept-encoding": "identity" },
    });
    if (result.status !== 200) throw new Error(`GET ${route}: ${result.status || result.failure}`);
    samples.push(result);
  }
  const bytes = Buffer.byteLength(samples.at(-1).text);
  const gzipBytes = gzipSync(samples.at(-1).text).length;
  return {
    status: 200,
    latencyMs: percentiles(samples.map((s) => s.ms)),
    bytes,
    gzipBytes,
    rows: 0,
  };
}

/** Until the app shows `count` rows, then until none was written for QUIET_MS; a full read. */
async function settle(cookie, count) {
  const deadline = Date.now() + 10 * 60_000;
  for (
    let latest = await poll(cookie, null);
    latest.rows < count;
    latest = await poll(cookie, null)
  ) {
    if (Date.now() > deadline)
      throw new Error(`sync recorded ${latest.rows} of ${count} rows in time`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  for (;;) {
    await new Promise((r) => setTimeout(r, QUIET_MS));
    const read = await poll(cookie, null);
    // A delta from this read's cursor holds every row written within the overlap before it.
    const delta = await poll(cookie, { cursor: read.next.cursor, etag: "none" });
    if (delta.rows === 0) return read;
    if (Date.now() > deadline) throw new Error("rows kept being written: no quiet window");
  }
}

async function run() {
  const logFile = path.join(outDir, "server.log");
  const stack = await startStack({
    host,
    appPort,
    simPort,
    logFile,
    env: benchStackEnv(
      { dbFile: path.join(outDir, "bench.db"), appUrl, simUrl, apiKey },
      {
        balance: 1_000_000,
        logLevel: "warn",
        DEMO_ADMIN_EMAIL: adminEmail,
        DEMO_ADMIN_PASSWORD: adminPassword,
        // Nothing ends on its own during the run: the only write is the one the bench makes.
        SIM_LIFETIME_SECONDS: "86400",
        // Pages of 100 like HeroSMS: 5,000 rows in one answer would pass the provider client's
        // 1 MiB body limit.
        SIM_PAGE_LIMIT: "100",
      },
    ),
  });
  try {
    const { cookie } = await signIn(appUrl, adminEmail, adminPassword);
    const results = [];
    let bought = [];
    for (const size of SIZES) {
      console.log(`▶ ${size} active rows: buying ${size - bought.length} and waiting for sync…`);
      bought = bought.concat(await buy(size - bought.length));
      const first = await settle(cookie, size);
      if (first.rows !== size)
        throw new Error(`expected ${size} rows, the table has ${first.rows}`);
      // The floor of any signed-in GET here (proxy, session, team, a keys read): not ours to cut.
      const reference = await measureRoute(cookie, "/api/account");
      const full = await measure(cookie, null, 200);
      const unchanged = await measure(cookie, first.next, 304);
      // One row changes: a code arrives, the app's sync records it.
      const target = bought[Math.floor(bought.length / 2)];
      await control("POST", `/__sim/activations/${target}/sms`, {});
      const deadline = Date.now() + 30_000;
      while ((await poll(cookie, first.next)).status === 304) {
        if (Date.now() > deadline) throw new Error("sync did not record the code within 30 s");
        await new Promise((r) => setTimeout(r, 200));
      }
      const changed = await measure(cookie, first.next, 200);
      results.push({ activeRows: size, full, unchanged, changed, reference });
      console.log(`  full ${fmt(full)}\n  unchanged ${fmt(unchanged)}\n  changed ${fmt(changed)}`);
      console.log(`  (GET /api/account, for reference: ${fmt(reference)})`);
    }
    return results;
  } finally {
    stack.stop();
    await stack.exited;
  }
}

const fmt = (r) =>
  `HTTP ${r.status}, p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, ${r.rows} rows, ${kib(r.bytes)} (${kib(r.gzipBytes)} gzip)`;
const kib = (n) => (n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);

const results = await run();
const report = {
  date: new Date().toISOString(),
  polls,
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`,
  machineLoadAvg1m: Math.round(os.loadavg()[0] * 100) / 100,
  results,
};
fs.writeFileSync(path.join(outDir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);

console.log("\n| active rows | poll | status | p50 ms | p95 ms | rows sent | body | gzip |");
console.log("|---:|---|---:|---:|---:|---:|---:|---:|");
for (const r of results) {
  for (const kind of ["full", "unchanged", "changed", "reference"]) {
    const x = r[kind];
    const label = kind === "reference" ? "GET /api/account (reference)" : kind;
    console.log(
      `| ${r.activeRows} | ${label} | ${x.status} | ${x.latencyMs.p50} | ${x.latencyMs.p95} | ${x.rows} | ${kib(x.bytes)} | ${kib(x.gzipBytes)} |`,
    );
  }
}
const at500 = results.find((r) => r.activeRows === 500);
const all304 = results.every((r) => r.unchanged.status === 304);
const fast = at500 ? at500.changed.latencyMs.p50 <= 5 : null;
console.log(
  `\nTargets: unchanged poll is a 304 (${all304 ? "yes" : "NO"}); changed poll p50 ≤ 5 ms with 500 ` +
    `active rows (${at500 ? `${at500.changed.latencyMs.p50} ms: ${fast ? "yes" : "NO"}` : "not measured"}). ` +
    `Load average (1 min) at the end: ${report.machineLoadAvg1m}.`,
);
if (!all304 || fast === false) process.exitCode = 1;
