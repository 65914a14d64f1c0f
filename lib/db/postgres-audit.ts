import { sql } from "kysely";

// The append-only audit log on PostgreSQL, as SQLite's triggers do it (migrations 0001 and 0004):
// UPDATE is always refused, TRUNCATE too, and DELETE only for rows older than the retention the
// server wrote to app_state (AUDIT_RETENTION_DAYS, never under 30 days), judged by the database's
// own clock. lib/audit/retention.ts is the only code that deletes. A role that owns the table can
// still drop a trigger: docs/postgres-roles.sql sets the app up as a role that cannot.

export function auditTriggersPostgres() {
  return [
    sql`CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`,
    sql`CREATE FUNCTION audit_log_delete_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        stored text;
        days bigint := 400;
      BEGIN
        SELECT value INTO stored FROM app_state WHERE name = 'audit_retention_days';
        IF stored ~ '^[0-9]{1,6}$' THEN days := stored::bigint; END IF;
        IF OLD.at < floor(extract(epoch from now()) * 1000)::bigint - GREATEST(30, days) * 86400000 THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only until its retention has passed';
      END $$`,
    sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()`,
    sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_delete_guard()`,
    sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()`,
  ];
}
