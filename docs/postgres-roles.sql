-- SMS Desk on PostgreSQL with two roles, so the app itself cannot rewrite its audit log.
--
--   sms_desk_owner  owns the database, its tables and the audit triggers; runs migrations.
--                   Used only to install or upgrade (see below), never by the running app.
--   sms_desk_app    what every running instance connects as: reads and writes rows, nothing
--                   else. It owns nothing, so it cannot ALTER or DROP a table or a trigger;
--                   on audit_log it may only SELECT and INSERT (and DELETE, which the
--                   audit_log_no_delete trigger still refuses for rows younger than the
--                   retention, never under 30 days: the daily prune). No TRUNCATE anywhere.
--                   It writes app_state, where the prune stores the retention the trigger
--                   reads, so with these rights it could lower the retention to the trigger's
--                   30-day floor: the floor is what the database guarantees.
--
-- Run as a superuser, with psql:
--
--   psql -d postgres -v app_password="$APP_PW" -v owner_password="$OWNER_PW" -f docs/postgres-roles.sql
--   (-v db=NAME for another database name than sms_desk)
--
-- It is idempotent: run it before the first start, and again after each upgrade that adds tables
-- (the default privileges below already cover new tables; re-running also takes back UPDATE on
-- audit_log should a migration ever have granted it).
--
-- Installing and upgrading (the app migrates at start, as whichever role it connects as):
--   1. Start ONE instance with DATABASE_URL=postgres://sms_desk_owner:…@host/sms_desk until
--      /api/health answers (it creates or upgrades every table and trigger), then stop it.
--   2. Run this file again (grants on the tables step 1 created).
--   3. Run every instance with DATABASE_URL=postgres://sms_desk_app:…@host/sms_desk. With
--      nothing left to migrate, start needs no DDL right: the migration check only reads.
--      An instance started as sms_desk_app while a migration is still to do refuses to start
--      ("Database migration failed at 0008_…", caused by "permission denied for schema public";
--      on an empty database "permission denied for schema public"), and changes nothing.

\set ON_ERROR_STOP on
\if :{?db}
\else
  \set db sms_desk
\endif

-- Roles (created once; LOGIN, no other attribute: not superuser, no CREATEDB, no CREATEROLE).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sms_desk_owner') THEN
    CREATE ROLE sms_desk_owner LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sms_desk_app') THEN
    CREATE ROLE sms_desk_app LOGIN;
  END IF;
END $$;
\if :{?owner_password}
  ALTER ROLE sms_desk_owner PASSWORD :'owner_password';
\endif
\if :{?app_password}
  ALTER ROLE sms_desk_app PASSWORD :'app_password';
\endif

-- The database, owned by the owner role (created if missing).
SELECT format('CREATE DATABASE %I OWNER sms_desk_owner', :'db')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec

REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO sms_desk_app;

\connect :"db"

-- The schema: the owner creates in it; the app may only use what is there.
ALTER SCHEMA public OWNER TO sms_desk_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sms_desk_app;

-- Tables the migrations create later get the app's rights as they appear.
ALTER DEFAULT PRIVILEGES FOR ROLE sms_desk_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sms_desk_app;
ALTER DEFAULT PRIVILEGES FOR ROLE sms_desk_owner IN SCHEMA public
  GRANT USAGE ON SEQUENCES TO sms_desk_app;

-- Tables that exist now (after the first start as the owner).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sms_desk_app;
-- audit_log.id's identity sequence (nextval on INSERT).
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO sms_desk_app;

-- The audit log: read and append; DELETE stays for the retention prune (the trigger judges it).
DO $$
BEGIN
  IF to_regclass('public.audit_log') IS NOT NULL THEN
    REVOKE UPDATE, TRUNCATE, REFERENCES, TRIGGER ON public.audit_log FROM sms_desk_app;
  END IF;
  -- Migration bookkeeping: the app only reads it, to see that nothing is left to do.
  IF to_regclass('public.kysely_migration') IS NOT NULL THEN
    REVOKE INSERT, UPDATE, DELETE ON public.kysely_migration FROM sms_desk_app;
  END IF;
  IF to_regclass('public.kysely_migration_lock') IS NOT NULL THEN
    REVOKE INSERT, UPDATE, DELETE ON public.kysely_migration_lock FROM sms_desk_app;
  END IF;
END $$;
