import "server-only";
import { type ColumnDataType, type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { engineOf } from "./engine";
import { auditTriggersPostgres } from "./postgres-audit";

// Migrations live in code (not files) so a production build carries them and they run on start.
// Append new ones; never edit one that has shipped. The same migrations build both engines; where
// a type differs it is chosen per engine (the SQLite schema stays exactly as it shipped, which
// lib/db/sqlite-ddl.test.ts checks), and triggers are written in each engine's language.

const appendOnly = (table: string) => [
  sql`CREATE TRIGGER ${sql.raw(`${table}_no_update`)} BEFORE UPDATE ON ${sql.table(table)}
    BEGIN SELECT RAISE(ABORT, ${sql.lit(`${table} is append-only`)}); END`,
  sql`CREATE TRIGGER ${sql.raw(`${table}_no_delete`)} BEFORE DELETE ON ${sql.table(table)}
    BEGIN SELECT RAISE(ABORT, ${sql.lit(`${table} is append-only`)}); END`,
];

/** Money (and the token bucket's tokens): `real` on SQLite, a double there; `double precision` on PostgreSQL, whose `real` is 4 bytes. */
const double = (db: Kysely<unknown>): ColumnDataType => (engineOf(db) === "postgres" ? "double precision" : "real");

const migrations: Record<string, Migration> = {
  "0001_keys_activations_audit": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("provider_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("team_id", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("provider", "text", (c) => c.notNull())
        .addColumn("base_url", "text", (c) => c.notNull())
        .addColumn("secret_sealed", "text", (c) => c.notNull())
        .addColumn("secret_hint", "text", (c) => c.notNull())
        .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("early_cancel_seconds", "integer", (c) => c.notNull().defaultTo(120))
        .addColumn("lifetime_seconds", "integer", (c) => c.notNull().defaultTo(1200))
        .addColumn("tz_offset_minutes", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addColumn("last_used_at", "bigint")
        .addColumn("deleted_at", "bigint")
        .addColumn("balance", double(db))
        .addColumn("balance_at", "bigint")
        .addColumn("clock_offset_ms", "bigint", (c) => c.notNull().defaultTo(0))
        .addColumn("last_sync_at", "bigint")
        .addColumn("last_error", "text")
        .addColumn("last_error_at", "bigint")
        .execute();
      await db.schema.createIndex("provider_keys_by_team").on("provider_keys").columns(["team_id"]).execute();

      await db.schema
        .createTable("activations")
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("phone", "text", (c) => c.notNull())
        .addColumn("service", "text", (c) => c.notNull())
        .addColumn("country_code", "text", (c) => c.notNull())
        .addColumn("country_name", "text")
        .addColumn("cost", double(db))
        .addColumn("currency", "integer")
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("codes", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("can_get_another_sms", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("purchased_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("pending_action", "text")
        .addColumn("pending_since", "bigint")
        .addColumn("pending_by", "text")
        .addColumn("checking", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("last_actor", "text")
        .addColumn("last_action", "text")
        .addColumn("last_action_at", "bigint")
        .addColumn("origin", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("activations_pk", ["key_id", "id"])
        .execute();
      await db.schema.createIndex("activations_by_purchase").on("activations").columns(["purchased_at"]).execute();

      const postgres = engineOf(db) === "postgres";
      await db.schema
        .createTable("audit_log")
        // An identity column on PostgreSQL (bigint: the log only grows), SQLite's rowid alias here.
        .addColumn("id", postgres ? "bigint" : "integer", (c) =>
          postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("team_id", "text")
        .addColumn("actor_id", "text")
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("activation_id", "text")
        .addColumn("key_id", "text")
        .addColumn("detail", "text")
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("result", "text", (c) => c.notNull())
        .addColumn("duration_ms", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("audit_log_by_team").on("audit_log").columns(["team_id", "at"]).execute();
      await db.schema.createIndex("audit_log_by_activation").on("audit_log").columns(["activation_id"]).execute();
      // Append-only: the database itself refuses to rewrite history (on PostgreSQL migration
      // 0004 creates the triggers, retention included, once app_state exists).
      if (!postgres) for (const statement of appendOnly("audit_log")) await statement.execute(db);

      await db.schema
        .createTable("app_state")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .execute();
    },
  },
};

migrations["0002_key_health_and_orders"] = {
  async up(db: Kysely<unknown>) {
    // A provider ban pauses a key until the given time; BAD_KEY/ACCOUNT_INACTIVE mark it broken
    // until an admin tests or rotates it.
    await db.schema.alterTable("provider_keys").addColumn("banned_until", "bigint").execute();
    await db.schema.alterTable("provider_keys").addColumn("broken_code", "text").execute();
    await db.schema.alterTable("provider_keys").addColumn("broken_at", "bigint").execute();
    // One row per order dialog submission (its idempotency key): a repeat buys nothing.
    await db.schema
      .createTable("order_requests")
      .addColumn("order_id", "text", (c) => c.primaryKey())
      .addColumn("team_id", "text", (c) => c.notNull())
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("activation_id", "text")
      .addColumn("failure_code", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
  },
};

migrations["0003_password_change_required"] = {
  async up(db: Kysely<unknown>) {
    // Accounts created with a one-time password must choose their own before anything else.
    await db.schema
      .createTable("password_change_required")
      .addColumn("user_id", "text", (c) => c.primaryKey())
      .addColumn("since", "bigint", (c) => c.notNull())
      .execute();
  },
};

migrations["0004_sign_in_throttle_and_retention"] = {
  async up(db: Kysely<unknown>) {
    // Sign-in throttles and aggregated failures (lib/auth/sign-in-throttle.ts): one row per
    // account, address or "unknown accounts" and window, updated in place, so a flood of failed
    // sign-ins costs counters, not audit rows.
    await db.schema
      .createTable("sign_in_throttle")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("window_start", "bigint", (c) => c.notNull())
      .addColumn("window_end", "bigint", (c) => c.notNull())
      .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("refused", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("logged", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex("sign_in_throttle_by_end").on("sign_in_throttle").columns(["window_end"]).execute();
    // Retention (lib/audit/retention.ts): a row may be deleted only once it is older than the
    // retention the server wrote to app_state (AUDIT_RETENTION_DAYS), never younger than 30 days
    // whatever that row says, judged by the database's own clock. Updates stay refused.
    if (engineOf(db) === "postgres") {
      for (const statement of auditTriggersPostgres()) await statement.execute(db);
      return;
    }
    await sql`DROP TRIGGER audit_log_no_delete`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      WHEN OLD.at >= CAST(strftime('%s', 'now') AS INTEGER) * 1000 - MAX(30, COALESCE(
        (SELECT CAST(value AS INTEGER) FROM app_state WHERE name = 'audit_retention_days'), 400)) * 86400000
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only until its retention has passed'); END`.execute(db);
  },
};

migrations["0005_key_fingerprint"] = {
  async up(db: Kysely<unknown>) {
    // A keyed HMAC of each key's secret, so the same secret is not added twice to a team. Rows
    // from before have none: it is filled in when the team's keys are next checked.
    await db.schema.alterTable("provider_keys").addColumn("secret_fingerprint", "text").execute();
  },
};

migrations["0006_status_backoff"] = {
  async up(db: Kysely<unknown>) {
    // A getStatus that keeps failing for a row is asked again after a growing wait, not every
    // pass: how many times in a row it failed, and when it may be asked again.
    await db.schema
      .alterTable("activations")
      .addColumn("status_failures", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable("activations").addColumn("status_next_at", "bigint").execute();
  },
};

migrations["0007_cluster"] = {
  async up(db: Kysely<unknown>) {
    // Several app instances on one PostgreSQL (also created on SQLite, where one instance runs:
    // one code path). Each instance heartbeats its row; a row whose heartbeat stopped is a dead
    // instance, and the clicks it had in flight (activations.pending_instance) may be reconciled.
    await db.schema
      .createTable("app_instances")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("started_at", "bigint", (c) => c.notNull())
      .addColumn("heartbeat_at", "bigint", (c) => c.notNull())
      .addColumn("stopped_at", "bigint")
      .execute();
    await db.schema.alterTable("activations").addColumn("pending_instance", "text").execute();
    // One sync loop per key across the cluster: the lease's holder runs the passes. The epoch
    // grows each time the lease changes hands, so a pass started under an older epoch can tell.
    await db.schema
      .createTable("sync_leases")
      .addColumn("key_id", "text", (c) => c.primaryKey())
      .addColumn("holder", "text", (c) => c.notNull())
      .addColumn("epoch", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
    // The per-key provider rate shared by every instance: one token bucket row per key.
    await db.schema
      .createTable("rate_buckets")
      .addColumn("key_id", "text", (c) => c.primaryKey())
      .addColumn("tokens", double(db), (c) => c.notNull())
      .addColumn("refilled_at", "bigint", (c) => c.notNull())
      .execute();
  },
};

migrations["0008_activation_delta_and_orderer"] = {
  async up(db: Kysely<unknown>) {
    // GET /api/activations answers 304 or only the rows changed since the client's cursor
    // (lib/activations/poll.ts): both read a team's rows by version (updated_at) per key, which
    // this index keeps to a short range scan instead of a pass over every row of the key.
    await db.schema.createIndex("activations_by_key_version").on("activations").columns(["key_id", "updated_at"]).execute();
    // Who ordered the number (the actor string, an email), for the table's "mine" filter; null for
    // rows sync found (bought elsewhere). last_actor is not it: the last click overwrites it.
    await db.schema.alterTable("activations").addColumn("ordered_by", "text").execute();
    // Numbers ordered before this column existed: their orderer is in the audit log.
    await sql`UPDATE activations SET ordered_by = (
      SELECT a.actor FROM audit_log a
      WHERE a.action = 'getNumber' AND a.result = 'ACCESS_NUMBER'
        AND a.activation_id = activations.id AND a.key_id = activations.key_id
      ORDER BY a.id DESC LIMIT 1)
      WHERE origin = 'order'`.execute(db);
  },
};

migrations["0009_history_indexes"] = {
  async up(db: Kysely<unknown>) {
    // /history (lib/activations/history.ts) pages a team's ended rows by keyset on (purchased_at,
    // key_id, id): this index is that order, so a page is a short range walk, not a sort of
    // every row older than the cursor (SQLite otherwise sorts them; measured 250 ms at 100k rows).
    await db.schema
      .createIndex("activations_history_order")
      .on("activations")
      .columns(["purchased_at", "key_id", "id"])
      .execute();
    // Each page also says "51–100 of N": the count reads this covering index per key instead of
    // every row (SQLite: ~280 ms → ~20 ms for 100k rows).
    await db.schema
      .createIndex("activations_history_count")
      .on("activations")
      .columns(["key_id", "state", "purchased_at", "expires_at", "id"])
      .execute();
  },
};

migrations["0010_webhooks"] = {
  async up(db: Kysely<unknown>) {
    // Codes pushed by the provider (lib/webhooks/): one row per key, apart from provider_keys so
    // the key's row (and its shipped DDL) stays as it was. The token is stored twice: hashed
    // (SHA-256, what a request is checked against) and sealed by the vault (so admins can see
    // the URL again on /keys). allowed_sources: null, or the addresses/CIDRs a push may come from.
    await db.schema
      .createTable("key_webhooks")
      .addColumn("key_id", "text", (c) => c.primaryKey())
      .addColumn("token_hash", "text", (c) => c.notNull())
      .addColumn("token_sealed", "text", (c) => c.notNull())
      .addColumn("allowed_sources", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    // Idempotency: one row per (key, activation, provider's receivedAt) accepted; a repeat of the
    // same push (a provider retry) finds its row and changes nothing. Pruned by age.
    await db.schema
      .createTable("webhook_deliveries")
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("activation_id", "text", (c) => c.notNull())
      .addColumn("received_at", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("webhook_deliveries_pk", ["key_id", "activation_id", "received_at"])
      .execute();
    await db.schema.createIndex("webhook_deliveries_by_at").on("webhook_deliveries").columns(["at"]).execute();
  },
};

migrations["0011_spending_limits"] = {
  async up(db: Kysely<unknown>) {
    // Daily spending limits (per member, per key) and a key's low-balance threshold, set by admins
    // (lib/limits/). One row per team and subject: a member's user id or a key's id.
    await db.schema
      .createTable("spending_limits")
      .addColumn("team_id", "text", (c) => c.notNull())
      .addColumn("scope", "text", (c) => c.notNull())
      .addColumn("subject_id", "text", (c) => c.notNull())
      .addColumn("daily_limit", double(db))
      .addColumn("low_balance_threshold", double(db))
      .addColumn("updated_by", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("spending_limits_pk", ["team_id", "scope", "subject_id"])
      .execute();
    // What an order under a limit holds while its getNumber is under way (its cost is not on an
    // activation yet): counted while its order_requests row is pending or unknown.
    await db.schema
      .createTable("spend_reservations")
      .addColumn("order_id", "text", (c) => c.primaryKey())
      .addColumn("team_id", "text", (c) => c.notNull())
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("amount", double(db), (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("spend_reservations_by_key").on("spend_reservations").columns(["key_id", "created_at"]).execute();
    await db.schema
      .createIndex("spend_reservations_by_member")
      .on("spend_reservations")
      .columns(["team_id", "user_id", "created_at"])
      .execute();
  },
};

migrations["0012_team_rules"] = {
  async up(db: Kysely<unknown>) {
    // Team rules (lib/rules): one row per team, each rule off while its column is null. The key's
    // sync holder reads it after each pass and acts through the same guarded path as a click.
    await db.schema
      .createTable("team_rules")
      .addColumn("team_id", "text", (c) => c.primaryKey())
      .addColumn("cancel_no_sms_minutes", "integer")
      .addColumn("finish_after_code_minutes", "integer")
      .addColumn("updated_by", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
  },
};

migrations["0013_smart_buy"] = {
  async up(db: Kysely<unknown>) {
    // Smart buy (lib/smart-buy/): a request to keep trying getNumber across an ordered list of
    // countries, run by the key's sync holder. `seq` counts the attempts started: the runner
    // moves it from n-1 to n (only while running) before attempt n's getNumber, so a Stop
    // recorded first means no call, and two runners never run one attempt.
    await db.schema
      .createTable("smart_buys")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("team_id", "text", (c) => c.notNull())
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("requested_by", "text", (c) => c.notNull())
      .addColumn("requested_by_id", "text", (c) => c.notNull())
      .addColumn("service", "text", (c) => c.notNull())
      .addColumn("countries", "text", (c) => c.notNull())
      .addColumn("max_price", double(db))
      .addColumn("every_seconds", "integer", (c) => c.notNull())
      .addColumn("max_rounds", "integer", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("round", "integer", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("next_at", "bigint", (c) => c.notNull())
      .addColumn("activation_id", "text")
      .addColumn("stopped_by", "text")
      .addColumn("last_error", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("smart_buys_by_key_state").on("smart_buys").columns(["key_id", "state", "next_at"]).execute();
    await db.schema.createIndex("smart_buys_by_team").on("smart_buys").columns(["team_id", "created_at"]).execute();
    // One row per attempt, written (outcome "pending") in the fence's transaction, before its getNumber.
    await db.schema
      .createTable("smart_buy_attempts")
      .addColumn("smart_buy_id", "text", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("round", "integer", (c) => c.notNull())
      .addColumn("country", "text", (c) => c.notNull())
      .addColumn("order_id", "text", (c) => c.notNull())
      .addColumn("outcome", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("smart_buy_attempts_pk", ["smart_buy_id", "seq"])
      .execute();
    // Quick buys: a team's smart buy presets as one-click buttons; owner_id null: shared with the team.
    await db.schema
      .createTable("quick_buys")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("team_id", "text", (c) => c.notNull())
      .addColumn("owner_id", "text")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("service", "text", (c) => c.notNull())
      .addColumn("countries", "text", (c) => c.notNull())
      .addColumn("max_price", double(db))
      .addColumn("every_seconds", "integer", (c) => c.notNull())
      .addColumn("max_rounds", "integer", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("quick_buys_by_team").on("quick_buys").columns(["team_id", "created_at"]).execute();
  },
};

migrations["0014_spend_report_index"] = {
  async up(db: Kysely<unknown>) {
    // /reports (lib/reports/report-sql.ts) reads a team's rows purchased in a date range: per key,
    // this index is a range walk instead of every row of the key (SQLite otherwise walks
    // activations_by_key_version; 100k rows, 30 days: 35 ms → 2.8 ms per aggregate, 7 per page).
    await db.schema.createIndex("activations_by_key_purchase").on("activations").columns(["key_id", "purchased_at"]).execute();
  },
};

migrations["0015_rule_refusals"] = {
  async up(db: Kysely<unknown>) {
    // An action a team rule asked for and the provider refused (lib/rules/refusals.ts): not tried
    // again before retry_after (our clock), by this key's sync holder or the next one after a lease
    // hand-over. Rows are deleted once expired, by the holder that next runs the key's rules.
    await db.schema
      .createTable("rule_refusals")
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("activation_id", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("retry_after", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("rule_refusals_pk", ["key_id", "activation_id", "action"])
      .execute();
  },
};

migrations["0016_prune_indexes"] = {
  async up(db: Kysely<unknown>) {
    // The daily prunes pick rows by age (lib/db/batched-delete.ts): without these, each batch of a
    // large table was a scan of all of it.
    await db.schema.createIndex("spend_reservations_by_created").on("spend_reservations").column("created_at").execute();
    await db.schema.createIndex("order_requests_by_created").on("order_requests").column("created_at").execute();
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ""}`, {
      cause: error,
    });
  }
}
