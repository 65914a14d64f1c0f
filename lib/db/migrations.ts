import "server-only";
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";

// Migrations live in code (not files) so a production build carries them and they run on start.
// Append new ones; never edit one that has shipped.

const migrations: Record<string, Migration> = {
  "0001_activations_and_events": {
    async up(db: Kysely<unknown>) {
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
      await db.schema
        .createIndex("activations_by_purchase")
        .on("activations")
        .columns(["purchased_at"])
        .execute();

      await db.schema
        .createTable("provider_events")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("activation_id", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("detail", "text")
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("result", "text", (c) => c.notNull())
        .addColumn("duration_ms", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("provider_events_by_activation")
        .on("provider_events")
        .columns(["activation_id", "at"])
        .execute();
      // Append-only: the database itself refuses to rewrite history.
      await sql`CREATE TRIGGER provider_events_no_update BEFORE UPDATE ON provider_events
        BEGIN SELECT RAISE(ABORT, 'provider_events is append-only'); END`.execute(db);
      await sql`CREATE TRIGGER provider_events_no_delete BEFORE DELETE ON provider_events
        BEGIN SELECT RAISE(ABORT, 'provider_events is append-only'); END`.execute(db);

      await db.schema
        .createTable("key_status")
        .addColumn("key_id", "text", (c) => c.primaryKey())
        .addColumn("balance", "real")
        .addColumn("balance_at", "bigint")
        .addColumn("clock_offset_ms", "bigint", (c) => c.notNull().defaultTo(0))
        .addColumn("last_sync_at", "bigint")
        .addColumn("last_error", "text")
        .addColumn("last_error_at", "bigint")
        .execute();
    },
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
