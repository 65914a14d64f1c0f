// `npm run bench:ui` part: a click's server-side cost over a direct provider call (issue 9, "a
// fast click"). A stack (production build + simulator with no added latency, 127.0.0.1 only), one
// signed-in operator, activations with a code bought "elsewhere" and imported by sync a batch at
// a time (a team's table holds dozens of open numbers, not thousands: what sync costs with
// thousands is the sync bench's figure). Side by side, one pair at a time: a Finish through the
// real server action over HTTP (setActivationStatus, as the browser sends it) and the same
// setStatus=6 sent straight to the simulator. The difference of the medians is our overhead.
// Two runs, each on a fresh stack: the figures as deployed (LOG_LEVEL=info), then a shorter one
// at LOG_LEVEL=debug, where each action logs where its time went (lib/timing.ts): the breakdown.
// Knobs: BENCH_CLICKS (100), BENCH_BREAKDOWN_CLICKS (50; 0 skips that run), BENCH_WARMUP (10),
// BENCH_CLICK_GAP_MS (250: the sync pass a click asks for runs before the next pair),
// BENCH_CLICK_BATCH (10 pairs bought and imported at a time), BENCH_UI_CLICK_APP_PORT/SIM_PORT
// (3620/3621). Report: data/bench/ui-click/report.json.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { hasBuild, startStack } from "../stack.mjs";
import { benchStackEnv } from "./stack-env.mjs";
import { actionIds, callAction, signIn, timed } from "./http.mjs";
import { simControl } from "./sim.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
const host = "127.0.0.1";
const appPort = Number(process.env.BENCH_UI_CLICK_APP_PORT ?? 3620);
const simPort = Number(process.env.BENCH_UI_CLICK_SIM_PORT ?? 3621);
const appUrl = `http://${host}:${appPort}`;
const simUrl = `http://${host}:${simPort}`;
const clicks = Number(process.env.BENCH_CLICKS ?? 100);
const breakdownClicks = Number(process.env.BENCH_BREAKDOWN_CLICKS ?? 50);
const warmup = Number(process.env.BENCH_WARMUP ?? 10);
const gapMs = Number(process.env.BENCH_CLICK_GAP_MS ?? 250);
const batch = Number(process.env.BENCH_CLICK_BATCH ?? 10);
/** An action id of the right shape that no build has: Next.js answers 409 before any code of ours. */
const UNKNOWN_ACTION_ID = `7f${"0".repeat(40)}`;
const operator = { email: "operator@demo.local", password: "bench-operator-pass" };

const isInt = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;
if (!isInt(clicks, 5, 2000)) throw new Error("BENCH_CLICKS must be 5–2000");
if (!isInt(breakdownClicks, 0, 2000)) throw new Error("BENCH_BREAKDOWN_CLICKS must be 0–2000");
if (!isInt(warmup, 0, 200)) throw new Error("BENCH_WARMUP must be 0–200");
if (!isInt(batch, 1, 100)) throw new Error("BENCH_CLICK_BATCH must be 1–100");
if (!isInt(gapMs, 0, 10_000)) throw new Error("BENCH_CLICK_GAP_MS must be 0–10000");
if (!hasBuild()) throw new Error("No production build in .next: run `npm run build` first");

const dir = path.join(root, "data", "bench", "ui-click");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round = (v) => Math.round(v * 100) / 100;
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
  };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const control = (method, route, body) => simControl(simUrl, method, route, body);

/** One run on a fresh stack and database: `pairs` measured pairs after the warm-up ones. */
async function run(name, logLevel, pairs) {
  const apiKey = `bench-click-${randomBytes(8).toString("hex")}`;
  const dbFile = path.join(dir, `${name}.db`);
  const logFile = path.join(dir, `${name}.log`);
  console.log(
    `\n▶ ${name} (LOG_LEVEL=${logLevel}): starting the stack on ${appUrl} and ${simUrl}…`,
  );
  const stack = await startStack({
    host,
    appPort,
    simPort,
    logFile,
    env: benchStackEnv(
      { dbFile, appUrl, simUrl, apiKey },
      {
        balance: 100_000,
        logLevel,
        DEMO_OPERATOR_PASSWORD: operator.password,
        SIM_LATENCY_MS: "0",
      },
    ),
  });
  try {
    return await measure(apiKey, dbFile, pairs, logFile);
  } finally {
    stack.stop();
    await stack.exited;
  }
}

async function measure(apiKey, dbFile, pairs, logFile) {
  const { setActivationStatus: actionId } = actionIds(root, ["setActivationStatus"]);
  const { cookie } = await signIn(appUrl, operator.email, operator.password);

  /** An activation with a code, bought "elsewhere" with the team's key: sync imports it. */
  const codedActivation = async () => {
    const body = { key: apiKey, service: "tg", country: "0", ageSeconds: 30, autoSms: false };
    const { id } = await control("POST", "/__sim/activations", body);
    await control("POST", `/__sim/activations/${id}/sms`, { code: "12345" });
    return id;
  };
  /** The same setStatus the app sends, straight to the provider's protocol endpoint; ms. */
  const direct = async (id) => {
    const query = new URLSearchParams({ api_key: apiKey, action: "setStatus", id, status: "6" });
    const r = await timed(`${simUrl}/stubs/handler_api.php?${query}`, { method: "GET" });
    if (r.status !== 200 || r.text !== "ACCESS_ACTIVATION")
      throw new Error(`direct setStatus: ${r.status} ${r.text}`);
    return r.ms;
  };
  /** Finish through the real server action, as the browser sends it; ms. */
  const click = async (keyId, id) => {
    const r = await callAction(appUrl, "/activations", actionId, cookie, { keyId, id, status: 6 });
    if (r.failure || r.envelope?.error) {
      throw new Error(`Finish through the app: ${r.failure ?? JSON.stringify(r.envelope.error)}`);
    }
    return r.ms;
  };

  const app = [];
  const provider = [];
  const paired = [];
  const measuredIds = [];
  for (let done = 0; done < pairs + warmup; ) {
    const size = Math.min(batch, pairs + warmup - done);
    const activations = [];
    for (let i = 0; i < 2 * size; i++) activations.push(await codedActivation());
    const keyId = await waitForImport(dbFile, activations);
    await sleep(gapMs); // the pass that imported them ends
    for (let p = 0; p < size; p++, done++) {
      const viaApp = activations[2 * p];
      const straight = activations[2 * p + 1];
      // Alternating which goes first, so neither always meets a process just woken up.
      const [a, d] =
        done % 2 === 0
          ? [await click(keyId, viaApp), await direct(straight)]
          : [await direct(straight), await click(keyId, viaApp)].reverse();
      if (done >= warmup) {
        app.push(a);
        provider.push(d);
        paired.push(a - d);
        measuredIds.push(viaApp);
      }
      await sleep(gapMs);
    }
  }
  // The floor of any click: the same action refused at once (an id the team does not have:
  // session, input, one read, the envelope; no transaction, no provider call). Beside it, in
  // turns, Next.js's own floor: a POST to the same page naming an action id the build does not
  // have, which Next.js routes, looks up and refuses (409, "Server Action unavailable") without running
  // any code of ours.
  const refused = [];
  const unknownAction = [];
  for (let i = 0; i < Math.min(pairs, 50); i++) {
    const r = await callAction(appUrl, "/activations", actionId, cookie, {
      keyId: randomUUID(),
      id: "1",
      status: 6,
    });
    if (r.envelope?.error?.code !== "ACTIVATION_NOT_FOUND")
      throw new Error(`refused click: ${r.failure ?? r.text}`);
    refused.push(r.ms);
    await sleep(gapMs / 5);
    const u = await callAction(appUrl, "/activations", UNKNOWN_ACTION_ID, cookie, {});
    if (u.status !== 409) throw new Error(`unknown action id: HTTP ${u.status || u.failure}`);
    unknownAction.push(u.ms);
    await sleep(gapMs / 5);
  }
  const result = {
    app: summary(app),
    direct: summary(provider),
    overhead: round(summary(app).p50 - summary(provider).p50),
    pairedDifference: summary(paired),
    refusedClick: summary(refused),
    unknownActionId: summary(unknownAction),
  };
  await sleep(200); // the last lines reach the log file
  return { ...result, ...breakdown(logFile, measuredIds, app) };
}

/** Waits until sync has imported every one of `ids` with its code; the key's id. */
async function waitForImport(dbFile, ids) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    // Read-only, beside the app's own connection (WAL allows it).
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      const keyId = db.prepare("SELECT id FROM provider_keys LIMIT 1").get()?.id;
      const rows = db.prepare("SELECT id FROM activations WHERE state = 'code_received'").all();
      const have = new Set(rows.map((r) => r.id));
      if (ids.every((id) => have.has(id))) return keyId;
    } finally {
      db.close();
    }
    if (Date.now() > deadline)
      throw new Error(`sync did not import ${ids.length} activations within 60 s`);
    await sleep(100);
  }
}

/** The debug "timing" lines (lib/timing.ts) of the measured clicks: each phase's median. */
function breakdown(logFile, measuredIds, appMs) {
  const byId = new Map();
  for (const line of fs.readFileSync(logFile, "utf8").split("\n")) {
    if (!line.includes('"timing"')) continue;
    try {
      const entry = JSON.parse(line);
      if (entry.msg === "timing" && entry.activationId) byId.set(entry.activationId, entry);
    } catch {
      // the simulator's or Next.js's own line
    }
  }
  if (byId.size === 0) return {};
  const phases = {};
  const inside = [];
  const cpu = [];
  const outside = [];
  measuredIds.forEach((id, i) => {
    const entry = byId.get(id);
    if (!entry) return;
    for (const [phase, ms] of Object.entries(entry.phases)) {
      phases[phase] ??= [];
      phases[phase].push(ms);
    }
    inside.push(entry.ms);
    cpu.push(entry.cpu);
    outside.push(appMs[i] - entry.ms);
  });
  return {
    phases: Object.fromEntries(
      Object.entries(phases).map(([phase, values]) => [phase, summary(values)]),
    ),
    insideTheAction: summary(inside),
    insideTheActionCpu: summary(cpu),
    outsideTheAction: summary(outside),
  };
}

const row = (label, s, unit = "ms") =>
  `  ${label.padEnd(36)} p50 ${String(s.p50).padStart(7)} ${unit}   p95 ${String(s.p95).padStart(7)} ${unit}`;

function print(title, r) {
  console.log(`\n${title}`);
  console.log(row("through the app (server action)", r.app));
  console.log(row("straight to the provider", r.direct));
  console.log(row("difference within a pair", r.pairedDifference));
  console.log(`  our overhead (difference of medians)   ${r.overhead} ms`);
  console.log(row("a click refused at once (not found)", r.refusedClick));
  console.log(row("Next.js alone (unknown action id, 409)", r.unknownActionId));
  if (!r.phases) return;
  console.log("  where the app's time goes (each phase's median):");
  for (const [phase, s] of Object.entries(r.phases)) console.log(row(`  ${phase}`, s));
  console.log(row("  = inside the action builder", r.insideTheAction));
  console.log(row("    of which the process's CPU", r.insideTheActionCpu));
  console.log(row("  outside it (HTTP, Next.js, RSC)", r.outsideTheAction));
}

const deployed = await run("deployed", "info", clicks);
const debug = breakdownClicks > 0 ? await run("breakdown", "debug", breakdownClicks) : null;
const report = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} at the end`,
  settings: { clicks, breakdownClicks, warmup, gapMs, batch },
  deployed,
  breakdown: debug,
};
fs.writeFileSync(path.join(dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
print(
  `Finish, ${clicks} pairs (after ${warmup} warm-up), ${gapMs} ms apart, as deployed (LOG_LEVEL=info):`,
  deployed,
);
if (debug) print(`The same, ${breakdownClicks} pairs at LOG_LEVEL=debug, with the phases:`, debug);
console.log(`\n${report.machine}. Report: ${path.relative(root, path.join(dir, "report.json"))}`);
