// `npm run bench:ui` part: one sync pass over 5,000 active activations (issue 9, item 8). The
// simulator pages like HeroSMS (100 rows a page) and runs in this process on 127.0.0.1, with a
// fresh SQLite database; the pass is lib/sync/sync-once.ts's own code, no build needed. Reported
// per pass: duration, provider requests (from the simulator's request log) and SQL statements
// and transactions (every statement better-sqlite3 runs, counted by kind: BEGIN is a
// transaction). Three passes: the first import, one with nothing changed (median of
// BENCH_SYNC_REPEAT, 5), and one after a few codes arrived (BENCH_SYNC_CHANGED, 5).
// Knobs: BENCH_SYNC_ROWS (5000), BENCH_SYNC_RATES ("10,50": PROVIDER_MAX_REQUESTS_PER_SECOND of
// each run, the app's default and HeroSMS's limit), BENCH_SYNC_PAGE_LIMIT ("100"; "none": a
// provider that ignores paging, which for 5,000 rows needs PROVIDER_MAX_BODY_BYTES above 1.5 MiB).
//
// Plain `node scripts/bench/ui-sync.mjs` re-runs itself under tsx (a dependency) with the
// react-server condition, so the TypeScript of lib/ loads as it does in the app's server.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(import.meta.dirname, "../..");

if (process.env.BENCH_SYNC_CHILD !== "1") {
  // One run per rate limit (the app reads its settings once per process): the app's default,
  // and HeroSMS's own limit, where the pass is no longer mostly waiting for tokens.
  const rates = (process.env.BENCH_SYNC_RATES ?? "10,50").split(",").map((r) => r.trim());
  let status = 0;
  for (const rate of rates) {
    const result = spawnSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", fileURLToPath(import.meta.url)],
      {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, BENCH_SYNC_CHILD: "1", PROVIDER_MAX_REQUESTS_PER_SECOND: rate },
      },
    );
    if (result.status !== 0) status = 1;
  }
  process.exit(status);
}

const ROWS = Number(process.env.BENCH_SYNC_ROWS ?? 5000);
const REPEAT = Number(process.env.BENCH_SYNC_REPEAT ?? 5);
const CHANGED = Number(process.env.BENCH_SYNC_CHANGED ?? 5);
const PAGE_LIMIT = process.env.BENCH_SYNC_PAGE_LIMIT ?? "100";
const SECRET = "bench-sync-key-0001";
const TEAM = "bench-team";
const ACTOR = { id: "bench-user", label: "bench@example.test" };

// Every statement every SQLite connection in this process executes, by its first word. Counted
// when run, not when prepared: the app keeps statements prepared (lib/db/connection.ts
// withStatementCache), so a pass that reuses them prepares nothing and still runs them.
const SQLite = (await import("better-sqlite3")).default;
const counts = new Map();
const probe = new SQLite(":memory:");
const Statement = Object.getPrototypeOf(probe.prepare("SELECT 1"));
probe.close();
for (const method of ["run", "get", "all", "iterate"]) {
  const original = Statement[method];
  Statement[method] = function counted(...args) {
    const kind = String(this.source).trim().split(/\s+/, 1)[0]?.toLowerCase() ?? "?";
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    return original.apply(this, args);
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-bench-sync-"));
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL: `file:${path.join(dir, "bench.db")}`,
  SMS_DESK_SECRET: "bench-sync-master-secret-0123456789abcdef",
  LOG_LEVEL: "silent",
});

const { startTestSimulator } = await import("@/lib/simulator/test-server");
const pageLimit = PAGE_LIMIT === "none" ? null : Number(PAGE_LIMIT);
const sim = await startTestSimulator({ now: Date.now, listing: { pageLimit } });
process.env.SMS_PROVIDER_URL = sim.baseUrl;
const keyService = await import("@/lib/keys/service");
const keys = await import("@/lib/keys/provider-keys");
const { syncKeyOnce } = await import("@/lib/sync/sync-once");
const { getDb } = await import("@/lib/db");

try {
  await getDb();
  sim.engine.setAccount(SECRET, 100_000);
  const created = await keyService.createKey(TEAM, ACTOR, {
    name: "Bench",
    provider: "simulator",
    secret: SECRET,
  });
  if (!created.ok) throw new Error("bench key not created");
  const ids = [];
  for (let i = 0; i < ROWS; i++) {
    const bought = sim.engine.createActivation({
      key: SECRET,
      service: "tg",
      country: "73",
      autoSms: false,
    });
    if (!bought.ok) throw new Error(`purchase failed: ${bought.error}`);
    ids.push(bought.activation.id);
  }
  const key = await keys.getTeamKey(TEAM, created.value.id);
  if (!key) throw new Error("bench key missing");

  // The simulator's control API; once more on a failure: a keep-alive socket the server closed
  // while a long pass ran is reset on reuse.
  const control = async (method) => {
    const ask = () => fetch(`${sim.baseUrl}/__sim/requests`, { method });
    return (await ask().catch(ask)).json();
  };
  const pass = async () => {
    counts.clear();
    await control("DELETE");
    const started = performance.now();
    await syncKeyOnce(key);
    const ms = performance.now() - started;
    const log = await control("GET");
    const byAction = {};
    for (const entry of log) byAction[entry.action] = (byAction[entry.action] ?? 0) + 1;
    const statements = [...counts.values()].reduce((a, b) => a + b, 0);
    return {
      ms,
      requests: log.length,
      byAction,
      statements,
      transactions: counts.get("begin") ?? 0,
      kinds: Object.fromEntries(counts),
    };
  };

  const imported = await pass();
  const unchanged = [];
  for (let i = 0; i < REPEAT; i++) unchanged.push(await pass());
  unchanged.sort((a, b) => a.ms - b.ms);
  const median = unchanged[Math.floor(unchanged.length / 2)];
  for (let i = 0; i < CHANGED; i++)
    sim.engine.deliverSms(ids[Math.floor((i * ROWS) / CHANGED)], { code: String(100000 + i) });
  const changed = await pass();

  const rows = (
    await (
      await getDb()
    )
      .selectFrom("activations")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst()
  )?.n;
  const line = (name, r) =>
    `| ${name} | ${Math.round(r.ms)} ms | ${r.requests} (${Object.entries(r.byAction)
      .map(([a, n]) => `${n} ${a}`)
      .join(", ")}) | ${r.statements} (${Object.entries(r.kinds)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ")}) | ${r.transactions} |`;
  console.log(
    `\nSync pass over ${ROWS} active activations, ${pageLimit === null ? "simulator not paging" : `simulator paging by ${pageLimit}`}, SQLite, ${process.env.PROVIDER_MAX_REQUESTS_PER_SECOND ?? 10} provider requests/s per key (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, Node ${process.version})`,
  );
  console.log(`rows in the table after the first pass: ${rows}\n`);
  console.log("| pass | duration | provider requests | SQL statements | transactions |");
  console.log("| --- | --- | --- | --- | --- |");
  console.log(line("first import", imported));
  console.log(line(`nothing changed (median of ${REPEAT})`, median));
  console.log(line(`${CHANGED} new codes`, changed));
  if (Number(rows) !== ROWS) throw new Error(`expected ${ROWS} rows, found ${rows}`);
  if (median.byAction.getStatus || changed.byAction.getStatus)
    throw new Error("getStatus asked on a whole list");
} finally {
  await sim.close();
  await (await getDb()).destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}
