// Test helper: a real simulator HTTP server on an ephemeral port with a controllable clock.
// Exported so other suites (e.g. the provider client's) can run against the real wire format.
import type { AddressInfo } from "node:net";
import { createSimulatorEngine, type SimulatorEngineOptions } from "./engine";
import { createSimulatorServer, type SimulatorServerOptions } from "./server";

/** 2026-01-15 12:00:00 UTC: a fixed start so Date headers and activationTime are predictable. */
export const TEST_EPOCH_MS = Date.UTC(2026, 0, 15, 12, 0, 0);

export interface TestSimulator {
  baseUrl: string;
  /** `${baseUrl}/stubs/handler_api.php` */
  apiUrl: string;
  engine: ReturnType<typeof createSimulatorEngine>;
  close: () => Promise<void>;
}

export async function startTestSimulator(
  engineOptions: SimulatorEngineOptions = {},
  serverOptions: SimulatorServerOptions = {},
): Promise<TestSimulator> {
  const engine = createSimulatorEngine({
    now: () => TEST_EPOCH_MS,
    autoSms: false,
    ...engineOptions,
  });
  const server = createSimulatorServer(engine, serverOptions);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    apiUrl: `${baseUrl}/stubs/handler_api.php`,
    engine,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets and held (timeout-fault) answers would otherwise delay close().
        server.closeAllConnections();
      }),
  };
}
