import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createPostgresDatabase, testEngine } from "@/lib/testing/test-database";
import * as notify from "./notify";
import { postgresConfig } from "./postgres";

// The LISTEN connection only receives, so a connection that died silently (an idle NAT or
// firewall dropped it: no error, no FIN) would leave the instance deaf forever. TCP keepalive and
// a timed `SELECT 1` find such a connection; it is replaced, and `resumed` tells everyone to catch
// up. `resumed` also follows the first LISTEN: what was sent before it is gone too.

const postgres = testEngine() === "postgres";

afterEach(async () => {
  await notify.stopListening();
});

it("asks the kernel to probe idle connections (pool and LISTEN share the settings)", () => {
  const config = postgresConfig("postgres://localhost/x");
  expect(config.keepAlive).toBe(true);
  expect(config.keepAliveInitialDelayMillis).toBe(10_000);
});

/** The LISTEN connections of `url`'s database, as the server sees them. */
async function listenBackends(url: string): Promise<number[]> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sms-desk-listen'",
    );
    return rows.map((r) => r.pid);
  } finally {
    await admin.end();
  }
}

async function sendNotice(url: string, payload: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_notify('sms_desk_changes', $1)", [payload]);
  } finally {
    await client.end();
  }
}

describe.runIf(postgres)("the LISTEN connection's liveness", () => {
  it("says `resumed` after the first LISTEN, and stays put while pings are answered", async () => {
    const url = await createPostgresDatabase("listen");
    const resumed = vi.fn();
    const off = notify.onNoticesResumed(resumed);
    const ping = vi.fn((client: pg.Client) => client.query("SELECT 1"));
    try {
      notify.startListening(postgresConfig(url), { pingIntervalMs: 100, pingTimeoutMs: 500, ping });
      await vi.waitFor(() => expect(resumed).toHaveBeenCalledTimes(1), { timeout: 5000 });
      const [first] = await listenBackends(url);
      await vi.waitFor(() => expect(ping.mock.calls.length).toBeGreaterThanOrEqual(5), { timeout: 5000 });
      expect(resumed).toHaveBeenCalledTimes(1);
      expect(await listenBackends(url)).toEqual([first]);
    } finally {
      off();
    }
  }, 20_000);

  it("a connection that stops answering is replaced, says `resumed`, and notices flow again", async () => {
    const url = await createPostgresDatabase("listen");
    const resumed = vi.fn();
    const off = notify.onNoticesResumed(resumed);
    // The first connection goes silent (as after a NAT drop: nothing errors, nothing answers).
    let silent: pg.Client | null = null;
    const ping = (client: pg.Client) => {
      silent ??= client;
      return client === silent ? new Promise<never>(() => {}) : client.query("SELECT 1");
    };
    try {
      notify.startListening(postgresConfig(url), { pingIntervalMs: 100, pingTimeoutMs: 300, ping });
      await vi.waitFor(() => expect(resumed).toHaveBeenCalledTimes(1), { timeout: 5000 });
      const [first] = await listenBackends(url);
      expect(first).toBeDefined();
      await vi.waitFor(() => expect(resumed).toHaveBeenCalledTimes(2), { timeout: 5000 });
      // The silent connection was ended: one LISTEN connection, a new one.
      await vi.waitFor(async () => {
        const now = await listenBackends(url);
        expect(now).toHaveLength(1);
        expect(now[0]).not.toBe(first);
      });
      const received = new Promise<string>((resolve) => notify.listen("sms_desk_changes", resolve));
      await sendNotice(url, '{"keyId":"after-reconnect"}');
      expect(await received).toBe('{"keyId":"after-reconnect"}');
      // The new connection answers its pings: no further reconnects.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(resumed).toHaveBeenCalledTimes(2);
    } finally {
      off();
    }
  }, 20_000);
});
