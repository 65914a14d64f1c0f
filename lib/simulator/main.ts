// Entry point of `npm run simulator`: a standalone SMS-Activate-compatible provider for demos
// and end-to-end tests. Configuration comes from SIM_* environment variables (see env.ts).
import { createSimulatorEngine } from "./engine";
import { readConfig } from "./env";
import { createSimulatorServer } from "./server";

const TICK_MS = 500;
// 2026-01-01T00:00:00Z; ids grow with wall-clock seconds since then so a restarted simulator
// never hands out an id a dashboard database already stores from a previous run.
const ID_EPOCH_SECONDS = 1_767_225_600;

function main(): void {
  const config = readConfig();
  const idStart =
    3_100_000_000 + Math.max(0, Math.floor(Date.now() / 1000) - ID_EPOCH_SECONDS) * 10;
  const engine = createSimulatorEngine({
    earlyCancelSeconds: config.earlyCancelSeconds,
    lifetimeSeconds: config.lifetimeSeconds,
    autoSms: config.autoSms,
    seedAccounts: config.seedAccounts,
    idStart,
    listing: config.listing,
    webhookRetry: config.webhookRetry,
  });
  const server = createSimulatorServer(engine, { latency: config.latency });
  // Auto SMS and expiry also happen when nobody is polling, so the control API sees them.
  const ticker = setInterval(() => engine.tick(), TICK_MS);

  server.on("error", (err) => {
    console.error(`Simulator server error: ${err.message}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    console.log(`SMS Desk provider simulator listening on http://${host}:${port}`);
    if (Object.keys(config.seedAccounts).length === 0) {
      console.log("No accounts seeded: set SIM_KEYS=key:balance or POST /__sim/keys.");
    }
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    console.log(`Simulator stopping (${signal}).`);
    server.close(() => process.exit(0));
    // Held answers (timeout faults) and keep-alive sockets must not delay the shutdown.
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

try {
  main();
} catch (err) {
  console.error(`Simulator failed to start: ${(err as Error).message}`);
  process.exit(1);
}
