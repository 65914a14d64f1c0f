// Two production app instances (`node scripts/server.mjs`, the same build) on one fresh
// PostgreSQL database, and one simulator, all on 127.0.0.1: the stack the Playwright "cluster"
// project runs against (e2e/cluster/). The tests SIGKILL and restart instances, so this module
// manages the processes itself instead of Playwright's webServer.
//
//   const stack = await startClusterStack({ adminUrl: process.env.TEST_DATABASE_URL, ... });
//   await stack.kill("a"); await stack.start("a"); await stack.stop();
//
// As a command (`node scripts/cluster-stack.mjs`, TEST_DATABASE_URL set) it starts the stack,
// prints its URLs and runs until Ctrl-C. Every child runs with scripts/cluster-child.mjs
// preloaded, so none outlives the process that started it, even when that one is killed.
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");
const childPreload = path.join(root, "scripts", "cluster-child.mjs");
const HOST = "127.0.0.1";

/** Ports: instance a, instance b, simulator. Clear of the chromium project's 3210/3211. */
export const CLUSTER_BASE_PORT = 3520;
/** Fast sync and a short lease, so a failover happens within seconds (e2e/cluster/failover.spec.ts). */
export const CLUSTER_TIMINGS = { syncIntervalMs: 500, leaseTtlMs: 3000 };

export function isPostgresUrl(url) {
  return typeof url === "string" && /^postgres(ql)?:\/\//i.test(url);
}

/** A new, empty database on the server of `adminUrl`; returns its URL. */
export async function createDatabase(adminUrl, prefix = "cluster") {
  const name = `sms_desk_${prefix}_${randomBytes(6).toString("hex")}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database this module created (connections still open are ended first). */
export async function dropDatabase(adminUrl, databaseUrl) {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!/^sms_desk_[a-z]+_[0-9a-f]{12}$/.test(name))
    throw new Error(`refusing to drop ${name}: not one of ours`);
  await withClient(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function waitForHealth(url, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${url} exited (${child.signalCode ?? child.exitCode}) before answering:\n${tail(logFile)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${tail(logFile)}`);
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", resolve));
}

/**
 * @param {{
 *   adminUrl: string,            // a postgres:// URL on whose server a fresh database is made
 *   apiKey: string,              // the demo key's secret at the simulator
 *   secret: string,              // SMS_DESK_SECRET, the same for both instances
 *   basePort?: number,           // a = basePort, b = basePort + 1, simulator = basePort + 2
 *   logDir: string,              // a.log, b.log, sim.log (appended across restarts)
 *   env?: Record<string,string>, // more settings for both instances
 *   startTimeoutMs?: number,
 * }} options
 */
export async function startClusterStack(options) {
  const { adminUrl, apiKey, secret, logDir, env = {}, startTimeoutMs = 90_000 } = options;
  if (!isPostgresUrl(adminUrl))
    throw new Error("the cluster stack needs a postgres:// TEST_DATABASE_URL");
  const basePort = options.basePort ?? CLUSTER_BASE_PORT;
  fs.mkdirSync(logDir, { recursive: true });

  const databaseUrl = await createDatabase(adminUrl);
  const simPort = basePort + 2;
  const simUrl = `http://${HOST}:${simPort}`;
  /** @type {Set<import("node:child_process").ChildProcess>} */
  const children = new Set();
  const unexpectedExits = [];
  let stopped = false;

  // Last resort if the caller never stops us (an exception between start and stop).
  const killAll = () => {
    for (const child of children) child.kill("SIGKILL");
  };
  process.once("exit", killAll);

  function spawnChild(name, args, childEnv) {
    const logFile = path.join(logDir, `${name}.log`);
    fs.appendFileSync(logFile, `\n--- ${new Date().toISOString()} starting ${name}\n`);
    const out = fs.openSync(logFile, "a");
    const child = spawn(process.execPath, ["--import", childPreload, ...args], {
      cwd: root,
      stdio: ["ignore", out, out],
      env: { ...process.env, ...childEnv },
    });
    fs.closeSync(out);
    children.add(child);
    child.once("exit", (code, signal) => {
      children.delete(child);
      if (!stopped && !child.expectedExit) {
        const message = `${name} (pid ${child.pid}) stopped unexpectedly (${signal ?? code})`;
        unexpectedExits.push(message);
        console.error(`${message}; see ${logFile}`);
      }
    });
    return { child, logFile };
  }

  const sim = spawnChild("sim", ["--import", "tsx", "lib/simulator/main.ts"], {
    SIM_HOST: HOST,
    SIM_PORT: String(simPort),
    SIM_KEYS: `${apiKey}:100`,
    SIM_AUTO_SMS: "0",
  });

  const instanceEnv = (port) => ({
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "5",
    APP_URL: `http://${HOST}:${port}`,
    SMS_PROVIDER_URL: simUrl,
    SMS_DESK_SECRET: secret,
    SMS_DESK_DEMO: "1",
    DEMO_API_KEY: apiKey,
    SIGN_IN_ATTEMPTS_PER_MINUTE: "100",
    SYNC_INTERVAL_MS: String(CLUSTER_TIMINGS.syncIntervalMs),
    SYNC_LEASE_TTL_MS: String(CLUSTER_TIMINGS.leaseTtlMs),
    BALANCE_INTERVAL_MS: "2000",
    PROVIDER_TIMEOUT_MS: "1500",
    LOG_LEVEL: "info",
    ...env,
  });

  /** @type {Record<"a"|"b", {name: "a"|"b", port: number, url: string, id: string|null, child: any, logFile: string}>} */
  const instances = {
    a: {
      name: "a",
      port: basePort,
      url: `http://${HOST}:${basePort}`,
      id: null,
      child: null,
      logFile: "",
    },
    b: {
      name: "b",
      port: basePort + 1,
      url: `http://${HOST}:${basePort + 1}`,
      id: null,
      child: null,
      logFile: "",
    },
  };

  /** Starts (or restarts) an instance with a new instance id and waits until it is ready. */
  async function start(name) {
    const instance = instances[name];
    if (instance.child) throw new Error(`instance ${name} is already running`);
    const id = randomUUID();
    const { child, logFile } = spawnChild(
      name,
      ["scripts/server.mjs", "-H", HOST, "-p", String(instance.port)],
      {
        ...instanceEnv(instance.port),
        CLUSTER_INSTANCE_ID: id,
      },
    );
    Object.assign(instance, { id, child, logFile });
    child.once("exit", () => {
      if (instance.child === child) instance.child = null;
    });
    await waitForHealth(`${instance.url}/api/health`, child, logFile, startTimeoutMs);
    return instance;
  }

  /** SIGKILL: no shutdown handler runs, leases and the heartbeat just stop (a crash). */
  async function kill(name) {
    const child = instances[name].child;
    if (!child) throw new Error(`instance ${name} is not running`);
    child.expectedExit = true;
    child.kill("SIGKILL");
    await exited(child);
  }

  /** SIGTERM (a clean stop: leases released); SIGKILL if it takes longer than 12 s. */
  async function terminate(child) {
    child.expectedExit = true;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 12_000);
    await exited(child);
    clearTimeout(timer);
  }

  async function stop() {
    if (stopped) return;
    stopped = true;
    await Promise.all([...children].map(terminate));
    process.removeListener("exit", killAll);
    if (!process.env.CLUSTER_KEEP_DATABASE)
      await dropDatabase(adminUrl, databaseUrl).catch(() => undefined);
  }

  try {
    await waitForHealth(`${simUrl}/__sim/health`, sim.child, sim.logFile, startTimeoutMs);
    // Both at once on the empty database: migrations and demo seeding race, as in production.
    await Promise.all([start("a"), start("b")]);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    databaseUrl,
    simUrl,
    instances,
    unexpectedExits,
    start,
    kill,
    async restart(name) {
      if (instances[name].child) await terminate(instances[name].child);
      return start(name);
    },
    stop,
  };
}

// Command-line use: a cluster to look at by hand.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const stack = await startClusterStack({
    adminUrl: process.env.TEST_DATABASE_URL,
    apiKey: process.env.DEMO_API_KEY ?? `cluster-${randomBytes(8).toString("hex")}`,
    secret: process.env.SMS_DESK_SECRET ?? randomBytes(32).toString("base64url"),
    basePort: Number(process.env.CLUSTER_BASE_PORT ?? CLUSTER_BASE_PORT),
    logDir: path.join(root, "data", "cluster"),
  });
  console.log(
    `cluster up: a ${stack.instances.a.url}, b ${stack.instances.b.url}, simulator ${stack.simUrl}`,
  );
  console.log("sign in as operator@demo.local / demo-operator-pass; Ctrl-C stops everything");
  for (const signal of ["SIGINT", "SIGTERM"])
    process.once(signal, () => void stack.stop().then(() => process.exit(0)));
}
