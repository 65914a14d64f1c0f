import pg from "pg";

// Read-only look into the cluster's PostgreSQL database, for what the UI cannot show: who holds
// a key's sync lease, which instances heartbeat, what the audit log recorded.

/** The database's clock in epoch ms, as the app writes it (lib/db/engine.ts sqlNowMs). */
const NOW_MS = "(floor(extract(epoch from clock_timestamp()) * 1000))::bigint";

export type AuditRow = {
  action: string;
  actor: string;
  outcome: string;
  result: string;
  detail: string | null;
};

export class ClusterDb {
  private readonly pool: pg.Pool;
  /** LISTEN connections still held; close() gives them back, even after a failed test. */
  private readonly listening = new Set<() => Promise<void>>();

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 2, application_name: "sms-desk-e2e" });
    // The stack drops the database at the end, ending these connections: not a test failure.
    this.pool.on("error", () => undefined);
  }

  async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(text, params)).rows as T[];
  }

  /** The demo key the instances seeded (the cluster database has exactly one). */
  async demoKeyId(): Promise<string> {
    const rows = await this.query<{ id: string }>(
      "SELECT id FROM provider_keys WHERE deleted_at IS NULL",
    );
    if (rows.length !== 1) throw new Error(`expected one provider key, found ${rows.length}`);
    return rows[0]?.id ?? "";
  }

  /** Who holds the key's sync lease now (unexpired), or null. */
  async leaseHolder(keyId: string): Promise<{ holder: string; epoch: number } | null> {
    const rows = await this.query<{ holder: string; epoch: string }>(
      `SELECT holder, epoch FROM sync_leases WHERE key_id = $1 AND expires_at > ${NOW_MS}`,
      [keyId],
    );
    const row = rows[0];
    return row ? { holder: row.holder, epoch: Number(row.epoch) } : null;
  }

  /** Instance ids whose heartbeat is at most `withinMs` old and that did not stop. */
  async liveInstances(withinMs = 10_000): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `SELECT id FROM app_instances WHERE stopped_at IS NULL AND heartbeat_at > ${NOW_MS} - $1`,
      [withinMs],
    );
    return rows.map((r) => r.id);
  }

  async audit(action: string, activationId: string): Promise<AuditRow[]> {
    return this.query<AuditRow>(
      "SELECT action, actor, outcome, result, detail FROM audit_log WHERE action = $1 AND activation_id = $2 ORDER BY id",
      [action, activationId],
    );
  }

  /**
   * Records every change notice the instances publish (LISTEN on its own connection): when each
   * arrived and its payload. Tells "nobody published" from "published but not pushed".
   */
  async recordNotices(
    channel = "sms_desk_changes",
  ): Promise<{ notices: Array<{ at: number; payload: string }>; stop: () => Promise<void> }> {
    const client = await this.pool.connect();
    const notices: Array<{ at: number; payload: string }> = [];
    client.on("notification", (message) => {
      if (message.channel === channel)
        notices.push({ at: Date.now(), payload: message.payload ?? "" });
    });
    await client.query(`LISTEN ${channel}`);
    const stop = async () => {
      if (!this.listening.delete(stop)) return;
      await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
      client.release();
    };
    this.listening.add(stop);
    return { notices, stop };
  }

  async close(): Promise<void> {
    for (const stop of [...this.listening]) await stop();
    await this.pool.end();
  }
}
