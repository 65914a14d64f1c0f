import "server-only";
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";

// Migrations live in code (not files) so a production build carries them and they run on start.
// Append new ones; never edit one that has shipped.

const appendOnly = (table: string) => [
  sql`CREATE TRIGGER ${sql.raw(`${table}_no_update`)} BEFORE UPDATE ON ${sql.table(table)}
    BEGIN SELECT RAISE(ABORT, ${sql.lit(`${table} is append-only`)}); END`,
  sql`CREATE TRIGGER ${sql.raw(`${table}_no_delete`)} BEFORE DELETE ON ${sql.table(table)}
    BEGIN SELECT RAISE(ABORT, ${sql.lit(`${table} is append-only`)}); END`,
];

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
        .addColumn("balance", "real")
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
        .addColumn("cost", "real")
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

      await db.schema
        .createTable("audit_log")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
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
      // Append-only: the database itself refuses to rewrite history.
      for (const statement of appendOnly("audit_log")) await statement.execute(db);

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
