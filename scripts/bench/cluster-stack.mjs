// The processes of `npm run bench:cluster`: a PostgreSQL database (BENCH_DATABASE_URL's or
// TEST_DATABASE_URL's server, else a throwaway cluster of scripts/pg-throwaway.sh), the provider
// simulator, and two app instances (scripts/server.mjs) on that one database. Each child runs in
// its own process group, so a SIGKILL or a stop reaches everything it started. teardown() undoes
// all of it and is safe to call twice (normal end, failure, Ctrl-C).
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..", "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const isPostgres = (url) => typeof url === "string" && /^postgres(ql)?:\/\//.test(url);

const cleanups = [];
let tornDown = null;

/**
 * Stops every process and removes the database (or the throwaway cluster). Every caller (the
 * normal end, a failure, Ctrl-C) gets the same promise, so nobody exits before it is done.
 */
export function teardown() {
  tornDown ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`cleanup: ${error.message}`);
      }
    }
  })();
  return tornDown;
}

/** A fresh database on the configured server, or on a throwaway cluster started for this run. */
export async function startDatabase() {
  let server = [process.env.BENCH_DATABASE_URL, process.env.TEST_DATABASE_URL].find(isPostgres);
  if (!server) {
    const { stdout } = await run("bash", [path.join(root, "scripts", "pg-throwaway.sh"), "start"]);
    const dir = /PG_THROWAWAY_DIR=(\S+)/.exec(stdout)?.[1];
    server = /TEST_DATABASE_URL='([^']+)'/.exec(stdout)?.[1];
    if (!dir || !server) throw new Error(`pg-throwaway.sh start said: ${stdout}`);
    cleanups.push(() => run("bash", [path.join(root, "scripts", "pg-throwaway.sh"), "stop", dir]));
    console.log(`  PostgreSQL: a throwaway cluster in ${dir}`);
  }
  const name = `sms_desk_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  pool.on("error", () => {}); // a backend ended by the teardown must not crash the report
  cleanups.push(async () => {
    await pool.end();
    if (process.env.BENCH_KEEP_DB === "1") return console.log(`  kept database ${name}`);
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  return { url: url.toString(), name, pool };
}

async function waitFor(url, timeoutMs, isAlive) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`${url}: the process exited while starting`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      if (response.ok) return response.json().catch(() => ({}));
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** A child in its own process group, output appended to logFile. */
function launch(cmd, args, env, logFile) {
  const out = fs.openSync(logFile, "a");
  const child = spawn(cmd, args, {
    cwd: root,
    stdio: ["ignore", out, out],
    env: { ...process.env, ...env },
    detached: true,
  });
  fs.closeSync(out);
  const state = { child, alive: true };
  child.on("exit", () => {
    state.alive = false;
  });
  return state;
}

function signalGroup(state, signal) {
  if (!state.alive) return;
  try {
    process.kill(-state.child.pid, signal);
  } catch {
    // already gone
  }
}

function stopGracefully(state) {
  if (!state.alive) return Promise.resolve();
  const exited = new Promise((r) => state.child.once("exit", r));
  signalGroup(state, "SIGTERM");
  const force = setTimeout(() => signalGroup(state, "SIGKILL"), 12_000);
  return exited.finally(() => clearTimeout(force));
}

/** The simulator on 127.0.0.1:port, with these keys (secret → balance). */
export async function startSimulator({ port, keys, latency, logFile }) {
  const state = launch(
    bin("tsx"),
    ["lib/simulator/main.ts"],
    {
      SIM_HOST: "127.0.0.1",
      SIM_PORT: String(port),
      SIM_KEYS: keys.map((k) => `${k}:100000`).join(","),
      SIM_AUTO_SMS: "1",
      SIM_LATENCY_MS: latency,
    },
    logFile,
  );
  cleanups.push(() => stopGracefully(state));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/__sim/health`, 30_000, () => state.alive);
  return url;
}

/**
 * One app instance; start() can be called again after kill(). `health` is what /api/health
 * answered (an instance id, if the app exposes one).
 */
export function appInstance({ name, port, env, logFile }) {
  const url = `http://127.0.0.1:${port}`;
  const instance = {
    name,
    url,
    up: false,
    state: null,
    health: null,
    async start() {
      this.state = launch(
        process.execPath,
        ["scripts/server.mjs", "-H", "127.0.0.1", "-p", String(port)],
        { ...env, PORT: String(port), APP_URL: url },
        logFile,
      );
      const state = this.state;
      this.health = await waitFor(`${url}/api/health`, 180_000, () => state.alive);
      this.up = true;
    },
    /** SIGKILL: no clean shutdown, no lease released, requests in flight cut. */
    kill() {
      this.up = false;
      signalGroup(this.state, "SIGKILL");
    },
    stop() {
      this.up = false;
      return this.state ? stopGracefully(this.state) : Promise.resolve();
    },
  };
  cleanups.push(() => instance.stop());
  return instance;
}
