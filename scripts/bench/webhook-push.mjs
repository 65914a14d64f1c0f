// `npm run bench:webhook`: issue 10's figure "a pushed code reaches the database and the open
// tables in ≤ 1 s". A stack (production build + simulator with no added latency, 127.0.0.1 only),
// the demo key's Webhook URL read as an admin sees it on /keys, one signed-in operator with the
// table's change stream open (GET /api/activations/stream) and its delta poll, as a browser tab.
// Per push: t0 just before the push, t1 the stream's "change" event, t2 the answer of the delta
// poll (?since=<cursor>) that shows the code. Two variants, each on its own activations:
// - direct: the provider's payload POSTed by this script to the token URL (t0 = POST sent; the
//   route's own answer time is reported too);
// - simulator: the simulator pushes (POST /__sim/webhook) when its SMS arrives (t0 = the control
//   call delivering the SMS).
// The simulator's poll lag hides every SMS from sync for the whole run, so a code can only have
// come by push. Then duplicates: 10 direct pushes sent again must answer "duplicate" and write
// nothing (no second code, no change event, one delivery and one audit row per push).
// Pushes are BENCH_PUSH_GAP_MS apart, over the stream's coalescing window (250 ms), so each is
// the first notice of its window, as a lone push in a real team is.
// Knobs: BENCH_PUSHES (100 per variant), BENCH_WARMUP (5 per variant, not counted),
// BENCH_PUSH_GAP_MS (400), BENCH_WEBHOOK_APP_PORT/SIM_PORT (3640/3641).
// Report: data/bench/webhook-push/report.json.
import { randomBytes, randomInt } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { hasBuild, startStack } from "../stack.mjs";
import { benchStackEnv } from "./stack-env.mjs";
import { getJson, signIn, timed } from "./http.mjs";
import { simControl } from "./sim.mjs";
import { openStream } from "./sse.mjs";
import { percentiles } from "./stats.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
const host = "127.0.0.1";
const appPort = Number(process.env.BENCH_WEBHOOK_APP_PORT ?? 3640);
const simPort = Number(process.env.BENCH_WEBHOOK_SIM_PORT ?? 3641);
const appUrl = `http://${host}:${appPort}`;
const simUrl = `http://${host}:${simPort}`;
const pushes = Number(process.env.BENCH_PUSHES ?? 100);
const warmup = Number(process.env.BENCH_WARMUP ?? 5);
const gapMs = Number(process.env.BENCH_PUSH_GAP_MS ?? 400);
const admin = { email: "admin@demo.local", password: "bench-admin-pass" };
const operator = { email: "operator@demo.local", password: "bench-operator-pass" };
/** A push not seen by then counts as missed (the figure is 1 s). */
const WAIT_MS = 5000;
const DUPLICATES = Math.min(10, pushes);
/** Sync must not learn any code during the run: the simulator hides SMS from its lists this long. */
const POLL_LAG_MS = 3_600_000;

const isInt = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;
// The simulator's attempt log keeps its last 500 pushes: the check reads them all.
if (!isInt(pushes, 5, 400)) throw new Error("BENCH_PUSHES must be 5–400");
if (!isInt(warmup, 0, 50)) throw new Error("BENCH_WARMUP must be 0–50");
if (!isInt(gapMs, 0, 10_000)) throw new Error("BENCH_PUSH_GAP_MS must be 0–10000");
for (const port of [appPort, simPort])
  if (!isInt(port, 1024, 65_535)) throw new Error("BENCH_WEBHOOK_*_PORT must be 1024–65535");
if (!hasBuild()) throw new Error("No production build in .next: run `npm run build` first");

const dir = path.join(root, "data", "bench", "webhook-push");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const dbFile = path.join(dir, "bench.db");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const control = (method, route, body) => simControl(simUrl, method, route, body);
const providerTime = () => new Date().toISOString().slice(0, 19).replace("T", " ");

/** The demo key's Webhook URL, from the field an admin copies it from on /keys. */
async function webhookUrlFromKeysPage() {
  const { cookie } = await signIn(appUrl, admin.email, admin.password);
  const page = await timed(`${appUrl}/keys`, { headers: { cookie, accept: "text/html" } });
  if (page.status !== 200)
    throw new Error(`GET /keys as admin: HTTP ${page.status || page.failure}`);
  const match = /value="(http[^"]*\/api\/webhooks\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43})"/.exec(
    page.text,
  );
  if (!match) throw new Error("no Webhook URL field on /keys");
  return match[1];
}

/** The operator's open table: the change stream, and the poll it triggers, cursor kept. */
async function openTable(cookie, signal) {
  let waiters = [];
  let changeEvents = 0;
  const opened = await openStream(`${appUrl}/api/activations/stream`, cookie, signal, (name) => {
    if (name !== "change") return;
    changeEvents++;
    const at = performance.now();
    for (const resolve of waiters.splice(0)) resolve(at);
  });
  if (opened.status !== 200) throw new Error(`change stream: HTTP ${opened.status}`);
  let view = { cursor: null, etag: null };
  /** One poll as the browser sends it; the rows it returned (all of them on a full read). */
  const poll = async () => {
    const route = view.cursor
      ? `/api/activations?since=${encodeURIComponent(view.cursor)}`
      : "/api/activations";
    const headers = {
      cookie,
      accept: "application/json",
      ...(view.etag ? { "if-none-match": view.etag } : {}),
    };
    const r = await timed(`${appUrl}${route}`, { headers });
    if (r.status === 304) return [];
    if (r.status !== 200) throw new Error(`GET ${route}: HTTP ${r.status || r.failure}`);
    const body = JSON.parse(r.text);
    view = { cursor: body.cursor, etag: r.headers.get("etag") };
    return body.activations;
  };
  return {
    poll,
    changeEvents: () => changeEvents,
    /** The time of the next "change" event, or null after `ms`. Call before the push. */
    nextChange(ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          resolve(null);
        }, ms);
        const done = (at) => {
          clearTimeout(timer);
          resolve(at);
        };
        waiters.push(done);
      });
    },
    /** Polls (at least once) until a row `id` with `code` comes back; when that answer arrived, or null. */
    async untilCode(id, code, deadline) {
      for (;;) {
        const rows = await poll();
        if (rows.some((a) => a.id === id && a.codes.some((c) => c.code === code)))
          return performance.now();
        if (performance.now() >= deadline) return null;
        await sleep(10);
      }
    },
  };
}

/** Activations bought "elsewhere" with the demo key, once sync has imported them all. */
async function importedActivations(apiKey, count, cookie) {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const body = { key: apiKey, service: "tg", country: "0", ageSeconds: 30, autoSms: false };
    ids.push((await control("POST", "/__sim/activations", body)).id);
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const read = await getJson(appUrl, "/api/activations", cookie);
    if (read.failure) throw new Error(`GET /api/activations: ${read.failure}`);
    const have = new Set(read.body.activations.map((a) => a.id));
    if (ids.every((id) => have.has(id))) return ids;
    if (Date.now() > deadline)
      throw new Error(`sync did not import ${count} activations within 60 s`);
    await sleep(250);
  }
}

/** One variant: `push(id, code)` sends it and returns the time of its answer (ms), reported as `answerName`. */
async function measure(table, ids, answerName, push) {
  await sleep(Math.max(gapMs, 500)); // the import's own change events are over
  await table.poll();
  const answer = [];
  const toEvent = [];
  const toPoll = [];
  const missed = { event: 0, poll: 0 };
  for (const [i, id] of ids.entries()) {
    const code = String(randomInt(100_000, 1_000_000));
    const change = table.nextChange(WAIT_MS);
    const t0 = performance.now();
    const answered = await push(id, code);
    const t1 = await change;
    const t2 = await table.untilCode(id, code, t0 + WAIT_MS);
    if (i >= warmup) {
      answer.push(answered);
      if (t1 === null) missed.event++;
      else toEvent.push(t1 - t0);
      if (t2 === null) missed.poll++;
      else toPoll.push(t2 - t0);
    }
    await sleep(gapMs);
  }
  const all = toPoll.concat(Array(missed.poll).fill(Number.POSITIVE_INFINITY));
  return {
    [answerName]: percentiles(answer),
    toStreamEvent: percentiles(toEvent),
    toDeltaPoll: percentiles(toPoll),
    missed,
    withinOneSecond: `${all.filter((ms) => ms <= 1000).length}/${all.length}`,
  };
}

/** Direct pushes sent again: answered "duplicate", no change event, nothing written. */
async function duplicates(table, url, bodies) {
  const before = table.changeEvents();
  const answers = {};
  for (const body of bodies) {
    const r = await timed(url, { method: "POST", body });
    const key = `${r.status} ${r.text}`;
    answers[key] = (answers[key] ?? 0) + 1;
  }
  await sleep(1000); // past the coalescing window: a change event would have come
  return { sent: bodies.length, answers, changeEvents: table.changeEvents() - before };
}

const payload = (id, code, receivedAt) =>
  JSON.stringify({
    activationId: Number(id),
    service: "tg",
    text: `Your code: ${code}`,
    code,
    country: 0,
    receivedAt,
  });

/** What the database holds for the pushed activations: one code, one delivery, one audit row each. */
function databaseCheck(ids) {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const wanted = new Set(ids);
    const count = (sql) =>
      db
        .prepare(sql)
        .all()
        .filter((r) => wanted.has(r.id)).length;
    const rows = db
      .prepare("SELECT id, codes FROM activations")
      .all()
      .filter((r) => wanted.has(r.id));
    return {
      activations: ids.length,
      withOneCode: rows.filter((r) => JSON.parse(r.codes).length === 1).length,
      deliveries: count("SELECT activation_id AS id FROM webhook_deliveries"),
      auditRows: count("SELECT activation_id AS id FROM audit_log WHERE actor = 'webhook'"),
    };
  } finally {
    db.close();
  }
}

async function run(apiKey) {
  const url = await webhookUrlFromKeysPage();
  const { cookie } = await signIn(appUrl, operator.email, operator.password);
  const abort = new AbortController();
  try {
    const table = await openTable(cookie, abort.signal);
    await control("POST", "/__sim/poll-lag", { key: apiKey, ms: POLL_LAG_MS });
    const perVariant = pushes + warmup;

    console.log(`direct: ${perVariant} pushes POSTed to the token URL…`);
    const directIds = await importedActivations(apiKey, perVariant, cookie);
    // The body of each push, sent again as it was: its receivedAt is part of its identity.
    const bodies = new Map();
    const direct = await measure(table, directIds, "routeAnswer", async (id, code) => {
      bodies.set(id, payload(id, code, providerTime()));
      const r = await timed(url, { method: "POST", body: bodies.get(id) });
      if (r.status !== 200 || r.text !== "ok")
        throw new Error(`push of ${id}: ${r.status || r.failure} ${r.text}`);
      return r.ms;
    });
    const repeated = await duplicates(
      table,
      url,
      directIds.slice(0, DUPLICATES).map((id) => bodies.get(id)),
    );

    console.log(`simulator: ${perVariant} SMS pushed by the simulator…`);
    await control("POST", "/__sim/webhook", { key: apiKey, url });
    const simIds = await importedActivations(apiKey, perVariant, cookie);
    const simulator = await measure(table, simIds, "smsDeliveryCall", async (id, code) => {
      const started = performance.now();
      await control("POST", `/__sim/activations/${id}/sms`, { code });
      return performance.now() - started;
    });
    const { attempts } = await control("GET", "/__sim/webhook");
    const ours = new Set(simIds);
    const pushAttempts = {};
    for (const a of attempts.filter((a) => ours.has(a.activationId))) {
      const key = `attempt ${a.attempt}: ${a.status}`;
      pushAttempts[key] = (pushAttempts[key] ?? 0) + 1;
    }
    return {
      direct,
      duplicates: repeated,
      simulator: { ...simulator, pushAttempts },
      database: databaseCheck([...directIds, ...simIds]),
      // More than one per push: something else (a sync pass) wrote too, and t1 may be its event.
      streamChangeEvents: table.changeEvents(),
    };
  } finally {
    abort.abort();
  }
}

const apiKey = `bench-webhook-${randomBytes(8).toString("hex")}`;
console.log(`Starting the stack on ${appUrl} and ${simUrl}…`);
const stack = await startStack({
  host,
  appPort,
  simPort,
  logFile: path.join(dir, "stack.log"),
  env: benchStackEnv(
    { dbFile, appUrl, simUrl, apiKey },
    {
      balance: 100_000,
      logLevel: "info",
      DEMO_ADMIN_PASSWORD: admin.password,
      DEMO_OPERATOR_PASSWORD: operator.password,
      SIM_LATENCY_MS: "0",
    },
  ),
});
let result;
try {
  result = await run(apiKey);
} finally {
  stack.stop();
  await stack.exited;
}

const report = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} at the end`,
  settings: { pushes, warmup, gapMs },
  ...result,
};
fs.writeFileSync(path.join(dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);

const row = (label, s) =>
  `  ${label.padEnd(40)} p50 ${String(s.p50).padStart(7)} ms   p95 ${String(s.p95).padStart(7)} ms   max ${String(s.max).padStart(7)} ms`;
const print = (title, v, answerLabel, answer) => {
  console.log(`\n${title}`);
  console.log(row(answerLabel, answer));
  console.log(row("t0 → the stream's change event", v.toStreamEvent));
  console.log(row("t0 → the code in a delta poll", v.toDeltaPoll));
  console.log(`  within 1 s: ${v.withinOneSecond}; missed: ${JSON.stringify(v.missed)}`);
};
print(
  `Direct POST to the token URL, ${pushes} pushes ${gapMs} ms apart (after ${warmup} warm-up):`,
  result.direct,
  "the route's answer",
  result.direct.routeAnswer,
);
print(
  `Pushed by the simulator on its SMS, ${pushes} pushes:`,
  result.simulator,
  "the SMS delivery call (control API)",
  result.simulator.smsDeliveryCall,
);
console.log(`  simulator push attempts: ${JSON.stringify(result.simulator.pushAttempts)}`);
const total = 2 * (pushes + warmup);
const dup = result.duplicates;
console.log(
  `\nDuplicates: ${dup.sent} sent again → ${JSON.stringify(dup.answers)}, change events ${dup.changeEvents}`,
);
const db = result.database;
console.log(
  `Database: ${db.activations} pushed activations, ${db.withOneCode} with exactly one code, ` +
    `${db.deliveries} deliveries, ${db.auditRows} webhook audit rows`,
);
console.log(`Change events on the stream: ${result.streamChangeEvents} for ${total} pushes`);
console.log(`\n${report.machine}. Report: ${path.relative(root, path.join(dir, "report.json"))}`);

// A benchmark, not a test, but a wrong outcome makes its figures meaningless: say so in the exit code.
const wrong = [
  result.direct.missed.poll + result.simulator.missed.poll > 0 && "codes not seen within 5 s",
  dup.answers["200 duplicate"] !== dup.sent && "a repeated push not answered 200 duplicate",
  dup.changeEvents > 0 && "a repeated push caused a change event",
  (db.withOneCode !== total || db.deliveries !== total || db.auditRows !== total) &&
    "not exactly one code, delivery and audit row per push",
].filter(Boolean);
if (wrong.length > 0) {
  console.error(`\nwebhook-push: ${wrong.join("; ")}`);
  process.exitCode = 1;
}
