// `npm run bench:load`: many operators on one team at once, against the production build and the
// bundled simulator with realistic provider latency, on 127.0.0.1 only. Each phase starts its own
// stack on a fresh database, signs the operators in over HTTP, and for BENCH_SECONDS lets each of
// them poll like the activations page does and click Finish/Cancel through the real server
// actions, while a few order numbers. The report (also data/bench/load-report.json) compares the
// phases: errors (must be 0), latencies, the app's CPU and memory, and the provider calls per key
// per minute, which must not grow with the number of operators.
// Knobs: BENCH_SECONDS (60), BENCH_OPERATORS (one phase of that many; default phases 50 and 5),
// BENCH_APP_PORT/BENCH_SIM_PORT (3610/3611), BENCH_CLICK_EVERY_MS (3000 per operator),
// BENCH_ORDER_EVERY_MS (3000 for the whole team), SIM_LATENCY_MS ("30-120").
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { actionIds, getJson, signIn } from "./bench/http.mjs";
import { runOperator } from "./bench/operator.mjs";
import { createProcessMeter } from "./bench/proc.mjs";
import { clearRequestLog, deliverCodes, primeWork, providerRates } from "./bench/sim.mjs";
import { benchStackEnv } from "./bench/stack-env.mjs";
import { createStats, mergedPercentiles, percentiles, totalErrors } from "./bench/stats.mjs";
import { hasBuild, startStack } from "./stack.mjs";

const root = path.resolve(import.meta.dirname, "..");
const host = "127.0.0.1";
const appPort = Number(process.env.BENCH_APP_PORT ?? 3610);
const simPort = Number(process.env.BENCH_SIM_PORT ?? 3611);
const appUrl = `http://${host}:${appPort}`;
const simUrl = `http://${host}:${simPort}`;
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const phases = process.env.BENCH_OPERATORS ? [Number(process.env.BENCH_OPERATORS)] : [50, 5];
const clickEveryMs = Number(process.env.BENCH_CLICK_EVERY_MS ?? 3000);
const orderEveryMs = Number(process.env.BENCH_ORDER_EVERY_MS ?? 3000);
const latency = process.env.SIM_LATENCY_MS ?? "30-120";
const ORDERERS = 3;
const PRIMED = { cancellable: 15, coded: 15 };
const SIGN_IN_CONCURRENCY = 4;
const password = "bench-operator-pass";
// One key for every phase: the report's per-key rows then line up side by side.
const apiKey = `bench-${randomBytes(12).toString("hex")}`;

if (!(seconds >= 5 && seconds <= 3600)) throw new Error("BENCH_SECONDS must be between 5 and 3600");
if (!phases.every((n) => Number.isInteger(n) && n >= 1 && n <= 200)) {
  throw new Error("BENCH_OPERATORS must be an integer between 1 and 200");
}
if (!hasBuild()) throw new Error("No production build in .next: run `npm run build` first");

const benchDir = path.join(root, "data", "bench");
fs.rmSync(benchDir, { recursive: true, force: true });
fs.mkdirSync(benchDir, { recursive: true });
const logFile = path.join(benchDir, "server.log");

// Ctrl-C: stop the loops and the stack, then leave. While a stack is still starting, runPhase
// does it as soon as the stack is up (leaving earlier would orphan its processes).
const abort = new AbortController();
setMaxListeners(0, abort.signal); // every operator's loops wait on it
let current = null;
async function stopAndExit() {
  if (!current) return;
  current.stop();
  await current.exited;
  process.exit(130);
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (abort.signal.aborted) return;
    console.error(`\n${signal}: stopping the stack…`);
    abort.abort();
    void stopAndExit();
  });
}

const ids = actionIds(root, ["setActivationStatus", "orderNumberAction"]);

async function runPhase(operators) {
  const dbFile = path.join(benchDir, `bench-${operators}-operators.db`);
  console.log(`\n▶ ${operators} operators: starting the stack (seeding ${operators} accounts)…`);
  const stack = await startStack({
    host,
    appPort,
    simPort,
    logFile,
    env: benchStackEnv(
      { dbFile, appUrl, simUrl, apiKey },
      {
        balance: 100_000,
        logLevel: "warn",
        DEMO_EXTRA_OPERATORS: String(operators),
        DEMO_OPERATOR_PASSWORD: password,
        SIGN_IN_ATTEMPTS_PER_MINUTE: "1000",
        // Codes arrive by themselves here: the load is operators waiting for them.
        SIM_AUTO_SMS: "1",
        SIM_LATENCY_MS: latency,
      },
    ),
  });
  current = stack;
  if (abort.signal.aborted) await stopAndExit();
  try {
    return await measure(operators);
  } finally {
    stack.stop();
    await stack.exited;
    current = null;
  }
}

async function measure(operators) {
  const stats = createStats();
  const signInMs = [];
  const cookies = [];
  for (let i = 0; i < operators; i += SIGN_IN_CONCURRENCY) {
    const batch = [];
    for (let n = i + 1; n <= Math.min(operators, i + SIGN_IN_CONCURRENCY); n++) {
      batch.push(signIn(appUrl, `operator${n}@demo.local`, password));
    }
    const signedIn = await Promise.all(batch).catch((error) => {
      throw new Error(
        `${error.message}\n(a build older than DEMO_EXTRA_OPERATORS in lib/demo/seed.ts has no such accounts)`,
      );
    });
    for (const { cookie, ms } of signedIn) {
      cookies.push(cookie);
      signInMs.push(ms);
    }
  }
  // Half of them cross the cancel window one by one, half get a code one by one (see sim.mjs).
  const toCode = await primeWork(simUrl, apiKey, { ...PRIMED, spreadSeconds: seconds });
  await waitForSync(cookies[0], PRIMED.cancellable + PRIMED.coded);
  console.log(
    `  ${operators} signed in, ${PRIMED.cancellable + PRIMED.coded} activations primed; running ${seconds} s…`,
  );

  await clearRequestLog(simUrl);
  const meter = createProcessMeter();
  const fromMs = Date.now();
  meter.start();
  const endAt = performance.now() + seconds * 1000;
  const orderers = Math.min(ORDERERS, operators);
  await Promise.all([
    deliverCodes(simUrl, toCode, endAt, abort.signal),
    ...cookies.map((cookie, i) =>
      runOperator({
        appUrl,
        cookie,
        ids,
        stats,
        endAt,
        signal: abort.signal,
        clickEveryMs,
        // The team orders at one pace whatever its size, shared by its first few operators.
        orderEveryMs: i < orderers ? orderEveryMs * orderers : null,
      }),
    ),
  ]);
  const processes = meter.stop();
  const toMs = Date.now();
  const summary = stats.summary();
  return {
    operators,
    seconds,
    signInLatencyMs: percentiles(signInMs),
    errors: totalErrors(summary),
    actionLatencyMs: mergedPercentiles(stats, ["setStatus", "order"]),
    pollLatencyMs: mergedPercentiles(stats, ["activations", "account"]),
    requests: summary,
    processes,
    // Other work on this 2-core machine skews every figure: keep the load next to them.
    machineLoadAvg1m: Math.round(os.loadavg()[0] * 100) / 100,
    provider: await providerRates(simUrl, fromMs, toMs),
  };
}

/** Until sync has recorded the primed activations (at most 20 s). */
async function waitForSync(cookie, count) {
  const deadline = performance.now() + 20_000;
  while (performance.now() < deadline) {
    const result = await getJson(appUrl, "/api/activations", cookie);
    if ((result.body?.activations.length ?? 0) >= count) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`sync did not record the ${count} primed activations within 20 s`);
}

// ---- report ----

function sum(counts) {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
function lat(p) {
  return p?.p50 == null ? "–" : `${p.p50} / ${p.p95} / ${p.p99}`;
}

function printReport(results) {
  const col = (values) => values.map((v) => String(v).padStart(24)).join("");
  const row = (label, fn) => console.log(`${label.padEnd(40)}${col(results.map(fn))}`);
  const kind = (r, k) =>
    r.requests[k] ?? {
      count: 0,
      ok: 0,
      refusals: {},
      providerRefusals: {},
      errors: {},
      latencyMs: {},
    };
  console.log(
    `\nLoad benchmark: ${seconds} s per phase, provider latency ${latency} ms, 127.0.0.1\n`,
  );
  row("", (r) => `${r.operators} operators`);
  row("ERRORS (must be 0)", (r) => r.errors);
  row("sign-in p50 / p95 / p99 ms", (r) => lat(r.signInLatencyMs));
  row("action latency p50 / p95 / p99 ms", (r) => lat(r.actionLatencyMs));
  for (const k of ["setStatus", "order"]) {
    row(`  ${k}: calls`, (r) => kind(r, k).count);
    row(
      "    ok / refused / provider refused",
      (r) => `${kind(r, k).ok} / ${sum(kind(r, k).refusals)} / ${sum(kind(r, k).providerRefusals)}`,
    );
    row("    p50 / p95 / p99 ms", (r) => lat(kind(r, k).latencyMs));
    row("    ok only: p50 / p95 / p99 ms", (r) => lat(kind(r, k).okLatencyMs));
  }
  row("poll latency p50 / p95 / p99 ms", (r) => lat(r.pollLatencyMs));
  for (const k of ["activations", "account"]) {
    row(`  GET /api/${k}: requests`, (r) => kind(r, k).count);
    row("    p50 / p95 / p99 ms", (r) => lat(kind(r, k).latencyMs));
  }
  row("app CPU, % of one core", (r) => r.processes.appCpuPercentOfOneCore);
  row("app RSS peak, MB", (r) => r.processes.appRssPeakMb);
  row("simulator CPU, % of one core", (r) => r.processes.simCpuPercentOfOneCore);
  row(`machine load avg (1 min, ${os.cpus().length} cores)`, (r) => r.machineLoadAvg1m);
  console.log("provider calls per key per minute");
  const labels = new Set();
  for (const r of results) {
    for (const [key, actions] of Object.entries(r.provider.perKeyPerMinute)) {
      for (const action of Object.keys(actions)) labels.add(`${key} ${action}`);
    }
  }
  for (const label of [...labels].sort()) {
    const [key, action] = label.split(" ");
    row(`  ${label}`, (r) => r.provider.perKeyPerMinute[key]?.[action] ?? 0);
  }
  row("  provider calls not answered 200", (r) => r.provider.notAnswered200);
  for (const r of results) {
    const details = Object.entries(r.requests).flatMap(([k, v]) =>
      [
        ["refused", v.refusals],
        ["provider refused", v.providerRefusals],
        ["ERROR", v.errors],
      ].flatMap(([what, counts]) =>
        Object.entries(counts).map(([code, n]) => `${k} ${what} ${code}: ${n}`),
      ),
    );
    if (details.length) console.log(`\n${r.operators} operators: ${details.join(", ")}`);
  }
}

const results = [];
for (const operators of phases) {
  if (abort.signal.aborted) break;
  results.push(await runPhase(operators));
}
const report = {
  at: new Date().toISOString(),
  seconds,
  providerLatencyMs: latency,
  clickEveryMs,
  orderEveryMs,
  phases: results,
};
fs.writeFileSync(path.join(benchDir, "load-report.json"), `${JSON.stringify(report, null, 2)}\n`);
printReport(results);
const errors = results.reduce((n, r) => n + r.errors, 0);
console.log(
  `\nReport written to data/bench/load-report.json. ${errors === 0 ? "No errors." : `${errors} ERRORS.`}`,
);
process.exit(errors > 0 || process.exitCode ? 1 : 0);
