// `npm run bench:cluster`: two app instances on one PostgreSQL database, the simulator with
// realistic latency, 50 operators spread over both (polling or streaming, clicking, the same
// click on both instances at once, the same order submitted to both, a burst of orders on one
// key), after 12 wrong sign-ins from one address alternating instances; at 20 s the instance holding
// most sync leases is SIGKILLed and at 40 s started again; the run ends at 60 s. The checks
// (scripts/bench/cluster-report.mjs) come from the simulator's request log and the audit log;
// each prints PASS/FAIL with its figure, and any FAIL makes the exit code 1. The report is also
// written to data/bench/cluster-report.md (and .json). Not a test: figures depend on the machine.
// Knobs: BENCH_DATABASE_URL / TEST_DATABASE_URL (a postgres:// server; else a throwaway cluster),
// BENCH_SECONDS (60), BENCH_KILL_AT_S (20), BENCH_RESTART_AT_S (40), BENCH_OPERATORS (50),
// BENCH_APP_PORT (3620: A; B is +1, the simulator +2), SIM_LATENCY_MS ("50-150").
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { closeWatches, createRecorder, createRouter, runClusterOperator } from "./bench/cluster-operators.mjs";
import { buildReport } from "./bench/cluster-checks.mjs";
import { doubleClicks, orderBurst, orderResubmits, plainOrders, wrongSignIns } from "./bench/cluster-scenarios.mjs";
import { appInstance, startDatabase, startSimulator, teardown } from "./bench/cluster-stack.mjs";
import { actionIds, callAction, getJson, httpOptions, signIn } from "./bench/http.mjs";
import { sleepUntil } from "./bench/operator.mjs";
import { deliverCodes, primeWork } from "./bench/sim.mjs";
import { build, hasBuild } from "./stack.mjs";

const root = path.resolve(import.meta.dirname, "..");
const num = (name, fallback) => Number(process.env[name] ?? fallback);
const seconds = num("BENCH_SECONDS", 60);
const killAtS = num("BENCH_KILL_AT_S", 20);
const restartAtS = num("BENCH_RESTART_AT_S", 40);
const operatorCount = num("BENCH_OPERATORS", 50);
const basePort = num("BENCH_APP_PORT", 3620);
const latency = process.env.SIM_LATENCY_MS ?? "50-150";
const settings = {
  syncIntervalMs: 1000,
  leaseTtlMs: 5000,
  ratePerSecond: 10,
  burst: 10, // lib/keys/provider-client.ts: burst = ceil(rate)
  signInLimit: 5,
  wrongSignIns: 12,
  burstOrders: 24,
};
const KEYS = 4;
const PRIMED = { cancellable: 4, coded: 4 };
const password = "bench-operator-pass";
const adminPassword = "bench-admin-pass";
if (!(seconds >= 30 && killAtS > 0 && restartAtS > killAtS && restartAtS < seconds)) {
  throw new Error("need 0 < BENCH_KILL_AT_S < BENCH_RESTART_AT_S < BENCH_SECONDS, BENCH_SECONDS >= 30");
}
if (!(Number.isInteger(operatorCount) && operatorCount >= 2 && operatorCount <= 200)) {
  throw new Error("BENCH_OPERATORS must be an integer between 2 and 200");
}

httpOptions.retryResetConnection = true;

const benchDir = path.join(root, "data", "bench");
fs.mkdirSync(benchDir, { recursive: true });
const logOf = (name) => {
  const file = path.join(benchDir, `cluster-${name}.log`);
  fs.writeFileSync(file, "");
  return file;
};

const abort = new AbortController();
setMaxListeners(0, abort.signal);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (abort.signal.aborted) return;
    console.error(`\n${signal}: stopping everything…`);
    abort.abort();
    void teardown().finally(() => process.exit(130));
  });
}

async function main() {
  if (!hasBuild()) {
    console.log("▶ No production build in .next: building it (about 2 min)…");
    await build();
  }
  const ids = actionIds(root, ["setActivationStatus", "orderNumberAction", "createKeyAction"]);
  console.log("▶ Starting PostgreSQL, the simulator and two instances…");
  const db = await startDatabase();
  const secrets = Array.from({ length: KEYS }, (_, i) => `bench${i}-${randomBytes(10).toString("hex")}k${i}`);
  const simUrl = await startSimulator({ port: basePort + 2, keys: secrets, latency, logFile: logOf("simulator") });
  const env = {
    NODE_ENV: "production",
    DATABASE_URL: db.url,
    SMS_DESK_SECRET: randomBytes(32).toString("hex"),
    SMS_PROVIDER_URL: simUrl,
    SMS_DESK_DEMO: "1",
    DEMO_API_KEY: secrets[0],
    DEMO_EXTRA_OPERATORS: String(operatorCount),
    DEMO_OPERATOR_PASSWORD: password,
    DEMO_ADMIN_PASSWORD: adminPassword,
    SYNC_INTERVAL_MS: String(settings.syncIntervalMs),
    SYNC_LEASE_TTL_MS: String(settings.leaseTtlMs),
    PROVIDER_MAX_REQUESTS_PER_SECOND: String(settings.ratePerSecond),
    // The per-address limit decides (see the report); the per-account one stays above 12.
    SIGN_IN_ATTEMPTS_PER_MINUTE: String(settings.signInLimit),
    SIGN_IN_FAILURES_PER_EMAIL: "20",
    // The bench plays the load balancer: it forwards each client's own address.
    TRUSTED_PROXIES: "loopback",
    LOG_LEVEL: "warn",
  };
  const instances = {
    A: appInstance({ name: "A", port: basePort, env, logFile: logOf("A") }),
    B: appInstance({ name: "B", port: basePort + 1, env, logFile: logOf("B") }),
  };
  const instanceIds = { A: new Set(), B: new Set() };
  const readInstanceIds = async (name) => {
    const known = new Set([...instanceIds.A, ...instanceIds.B]);
    const rows = await db.pool.query("SELECT id FROM app_instances ORDER BY started_at").catch(() => ({ rows: [] }));
    for (const { id } of rows.rows) if (!known.has(id)) instanceIds[name].add(id);
    const fromHealth = instances[name].health?.instanceId ?? instances[name].health?.instance;
    if (typeof fromHealth === "string") instanceIds[name].add(fromHealth);
  };
  // One after the other: the first seeds the demo team (50 password hashes) before the second asks.
  await instances.A.start();
  await readInstanceIds("A");
  await instances.B.start();
  await readInstanceIds("B");

  console.log(`▶ Adding ${KEYS - 1} more keys, signing in ${operatorCount} operators…`);
  const admin = await signIn(instances.A.url, "admin@demo.local", adminPassword, { "x-forwarded-for": "10.99.0.1" });
  for (let i = 1; i < KEYS; i++) {
    const input = { name: `Bench key ${i + 1}`, provider: "simulator", secret: secrets[i] };
    const result = await callAction(instances.A.url, "/keys", ids.createKeyAction, admin.cookie, input);
    if (result.failure || result.envelope.error) throw new Error(`creating a key: ${result.failure ?? result.envelope.error.code}`);
  }
  const keyRows = (await db.pool.query("SELECT id, name FROM provider_keys ORDER BY created_at")).rows;
  const keys = secrets.map((secret, i) => {
    const row = keyRows.find((r) => r.name === (i === 0 ? "Simulator" : `Bench key ${i + 1}`));
    if (!row) throw new Error(`key ${i + 1} not found in provider_keys`);
    return { id: row.id, name: row.name, secret, suffix: secret.slice(-4) };
  });
  const operators = [];
  for (let n = 1; n <= operatorCount; n += 4) {
    const batch = [];
    for (let m = n; m < Math.min(operatorCount + 1, n + 4); m++) {
      const home = m % 2 === 1 ? "A" : "B";
      const xff = { "x-forwarded-for": `10.77.${Math.floor(m / 250)}.${(m % 250) + 1}` };
      batch.push(
        signIn(instances[home].url, `operator${m}@demo.local`, password, xff).then(({ cookie }) => ({
          n: m,
          home,
          cookie,
          // Every fifth operator keeps the stream open; the others poll.
          streaming: m % 5 === 0,
          view: null,
          viewAt: 0,
          watches: [],
          stream: { open: false, inst: null, events: [] },
        })),
      );
    }
    operators.push(...(await Promise.all(batch)));
  }

  const toCode = {};
  for (const key of keys) {
    toCode[key.id] = await primeWork(simUrl, key.secret, { ...PRIMED, spreadSeconds: seconds });
  }
  const expected = KEYS * (PRIMED.cancellable + PRIMED.coded);
  const syncDeadline = Date.now() + 30_000;
  for (;;) {
    const view = await getJson(instances.A.url, "/api/activations", operators[0].cookie);
    if ((view.body?.activations.length ?? 0) >= expected) break;
    if (Date.now() > syncDeadline) throw new Error(`sync did not record the ${expected} primed activations in 30 s`);
    await new Promise((r) => setTimeout(r, 500));
  }

  const rec = createRecorder();
  const ctx = {
    ids,
    rec,
    operators,
    instances,
    route: createRouter(instances),
    keyIds: keys.map((k) => k.id),
    signal: abort.signal,
    startedAt: performance.now(),
    endAt: 0,
    clickEveryMs: 3000,
  };
  // Before the load: under it a wrong password takes seconds to hash on 2 cores, and an attempt
  // cut off by the kill would have been counted by the limiter without an answer.
  console.log(`▶ ${settings.wrongSignIns} wrong sign-ins from one address, alternating A and B…`);
  await wrongSignIns(ctx, 0, "operator@demo.local", settings.wrongSignIns);

  console.log(`▶ Running ${seconds} s (kill at ${killAtS} s, restart at ${restartAtS} s)…`);
  await fetch(`${simUrl}/__sim/requests`, { method: "DELETE" });
  const t0 = Date.now();
  const startedAt = performance.now();
  ctx.startedAt = startedAt;
  ctx.endAt = startedAt + seconds * 1000;
  const kill = { victim: null, at: null, leases: {}, orphans: [], restartedAt: null, readyAt: null };
  const killer = (async () => {
    await sleepUntil(startedAt + killAtS * 1000, abort.signal);
    if (abort.signal.aborted) return;
    await readInstanceIds("B"); // an instance may write its row only once it syncs
    const { rows } = await db.pool.query(
      "SELECT key_id, holder FROM sync_leases WHERE expires_at > (extract(epoch from clock_timestamp()) * 1000)",
    ).catch(() => ({ rows: [] }));
    const owner = (holder) => (instanceIds.A.has(holder) ? "A" : instanceIds.B.has(holder) ? "B" : "?");
    for (const r of rows) kill.leases[owner(r.holder)] = (kill.leases[owner(r.holder)] ?? 0) + 1;
    kill.victim = (kill.leases.B ?? 0) > (kill.leases.A ?? 0) ? "B" : "A";
    kill.orphans = rows.filter((r) => owner(r.holder) === kill.victim).map((r) => r.key_id);
    instances[kill.victim].kill();
    kill.at = Date.now();
    const known = `instance ids known: A ${instanceIds.A.size}, B ${instanceIds.B.size}`;
    console.log(`  ${Math.round((performance.now() - startedAt) / 1000)} s: SIGKILL ${kill.victim} (live leases ${JSON.stringify(kill.leases)}; ${known})`);
    await sleepUntil(startedAt + restartAtS * 1000, abort.signal);
    if (abort.signal.aborted) return;
    kill.restartedAt = Date.now();
    await instances[kill.victim].start();
    kill.readyAt = Date.now();
    console.log(`  ${Math.round((performance.now() - startedAt) / 1000)} s: ${kill.victim} answers again`);
  })();
  const endAt = ctx.endAt;
  await Promise.all([
    killer,
    ...operators.map((op) => runClusterOperator(ctx, op)),
    ...keys.map((k) => deliverCodes(simUrl, toCode[k.id], endAt, abort.signal)),
    doubleClicks(ctx, 4000),
    orderResubmits(ctx, 5000),
    ...plainOrders(ctx, 3000),
    orderBurst(ctx, 8000, settings.burstOrders),
  ]);
  const t1 = Date.now();
  closeWatches(ctx);
  await new Promise((r) => setTimeout(r, 2000)); // answers and audit rows still on their way
  const log = await (await fetch(`${simUrl}/__sim/requests`)).json();
  const audit = (
    await db.pool.query(
      "SELECT action, activation_id, key_id, detail, outcome FROM audit_log WHERE at >= $1 AND action IN ('setStatus','getStatus','getNumber')",
      [t0 - 1000],
    )
  ).rows;
  return buildReport({ settings, seconds, latency, operators, keys, log, audit, rec, kill, t0, t1 });
}

let exitCode = 1;
try {
  const report = await main();
  console.log(`\n${report.text}`);
  fs.writeFileSync(path.join(benchDir, "cluster-report.md"), report.markdown);
  fs.writeFileSync(path.join(benchDir, "cluster-report.json"), `${JSON.stringify(report.data, null, 2)}\n`);
  console.log("Report written to data/bench/cluster-report.md (and .json).");
  exitCode = report.failed > 0 ? 1 : 0;
} catch (error) {
  console.error(`bench:cluster failed: ${error.stack ?? error.message}`);
} finally {
  abort.abort();
  await teardown();
}
process.exit(exitCode);
