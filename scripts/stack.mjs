// Starts the bundled provider simulator and the production app side by side, waits until both
// answer, and stops both together. Used by `npm run demo` and by the Playwright suite.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

export function hasBuild() {
  return fs.existsSync(path.join(root, ".next", "BUILD_ID"));
}

export async function build() {
  await run(bin("next"), ["build"], {});
}

function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} exited with ${code}`))));
  });
}

async function waitFor(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * @param {{ host: string, appPort: number, simPort: number, env: Record<string,string>, logFile?: string }} opts
 *   logFile: write both processes' output there instead of the terminal (tests scan it).
 */
export async function startStack({ host, appPort, simPort, env, logFile }) {
  const children = [];
  const out = logFile ? fs.openSync(logFile, "a") : "inherit";
  const stdio = ["ignore", out, out];
  const common = { cwd: root, stdio, env: { ...process.env, ...env, SIM_PORT: String(simPort), SIM_HOST: host } };
  children.push(spawn(bin("tsx"), ["lib/simulator/main.ts"], common));
  await waitFor(`http://${host}:${simPort}/__sim/health`);
  // Our own server (not `next start`): it resolves the client address from the socket, so the
  // sign-in limiter cannot be fooled by a client-sent X-Forwarded-For (scripts/server.mjs).
  // SERVER_NODE_ARGS: extra node flags for the app server only (e.g. `--cpu-prof`, which
  // NODE_OPTIONS refuses), so a benchmark can profile the server and nothing else.
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  children.push(
    spawn(process.execPath, [...nodeArgs, "scripts/server.mjs", "-H", host, "-p", String(appPort)], {
      ...common,
      env: { ...common.env, PORT: String(appPort) },
    }),
  );
  await waitFor(`http://${host}:${appPort}/api/health`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
  };
  for (const child of children) {
    child.on("exit", (code, signal) => {
      if (!stopping) {
        console.error(`${child.spawnfile} stopped unexpectedly (${signal ?? code}); stopping the rest.`);
        stop();
        process.exitCode = 1;
      }
    });
  }
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, stop);
  return { stop, exited: Promise.all(children.map((c) => new Promise((r) => c.on("exit", r)))) };
}
