import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { testEngine } from "@/lib/testing/test-database";
import type { Database } from "./schema";

// docs/postgres-roles.sql: the app runs as a role that owns nothing, so it cannot drop the audit
// triggers or rewrite the log; an owner role migrates. Checked here on the test server for real:
// the app role cannot create the schema, the owner can, and once migrated the app role starts
// (better-auth's and Kysely's migration checks only read) and does its work, while UPDATE,
// TRUNCATE and DDL on the audit log are refused. Roles are cluster-wide: the test server is a
// throwaway (scripts/pg-throwaway.sh), and the file is idempotent.

const ROOT = path.resolve(import.meta.dirname, "../..");
const ROLES_SQL = path.join(ROOT, "docs", "postgres-roles.sql");
const CHILD = path.join(import.meta.dirname, "start-instance.child.ts");
const SECRET = "unit-test-master-secret-0123456789abcdef";
const postgres = testEngine() === "postgres";
const name = `sms_desk_roles_${randomBytes(5).toString("hex")}`;
let db: Kysely<Database> | undefined;

function urlAs(user: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? "");
  url.username = user;
  url.password = "";
  url.pathname = `/${name}`;
  return url.toString();
}

function applyRoles() {
  const run = spawnSync("psql", ["-X", "-q", "-v", `db=${name}`, "-f", ROLES_SQL, process.env.TEST_DATABASE_URL ?? ""], {
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
}

function startInstance(databaseUrl: string): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, SMS_DESK_SECRET: SECRET, LOG_LEVEL: "silent", START_AT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("exit", () => resolve(JSON.parse(out.trim().split("\n").pop() || "{}")));
  });
}

afterAll(async () => {
  if (!db) return;
  await (await import("./notify")).stopListening();
  await db.destroy();
});

describe.runIf(postgres)("docs/postgres-roles.sql", () => {
  it("lets only the owner migrate; then the app role starts, works, and cannot touch the audit log's history", async () => {
    applyRoles();
    // Nothing migrated yet: the app role may not create tables, so it refuses to start.
    expect(await startInstance(urlAs("sms_desk_app"))).toEqual({ ok: false, error: "permission denied for schema public" });
    // The owner migrates (first start or upgrade), then the grants cover what it created.
    expect(await startInstance(urlAs("sms_desk_owner"))).toMatchObject({ ok: true });
    applyRoles();

    // Every instance as the app role: starts with nothing to migrate (no DDL right needed).
    process.env.DATABASE_URL = urlAs("sms_desk_app");
    process.env.SMS_DESK_SECRET = SECRET;
    process.env.LOG_LEVEL = "silent";
    db = await (await import("@/lib/db")).getDb();
    const { appendAudit } = await import("@/lib/audit/append");
    const { pruneAudit } = await import("@/lib/audit/retention");
    await appendAudit(db, { actor: "a@b.test", action: "key.create", outcome: "ok", result: "OK" });
    await appendAudit(db, { at: Date.now() - 1000 * 86_400_000, actor: "a@b.test", action: "key.create", outcome: "ok", result: "OK" });
    expect(await pruneAudit()).toBe(1);
    await db.insertInto("app_state").values({ name: "probe", value: "1" }).execute();
    await db.updateTable("app_state").set({ value: "2" }).where("name", "=", "probe").execute();
    await db.deleteFrom("app_state").where("name", "=", "probe").execute();

    const refused = async (statement: ReturnType<typeof sql>) => {
      if (!db) throw new Error("no database");
      return statement.execute(db).then(
        () => "allowed",
        (error: Error) => error.message,
      );
    };
    expect(await refused(sql`UPDATE audit_log SET result = 'X'`)).toBe("permission denied for table audit_log");
    expect(await refused(sql`TRUNCATE audit_log`)).toBe("permission denied for table audit_log");
    expect(await refused(sql`DELETE FROM audit_log`)).toMatch(/append-only/);
    expect(await refused(sql`DROP TRIGGER audit_log_no_update ON audit_log`)).toMatch(/must be owner/);
    expect(await refused(sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`)).toMatch(/must be owner/);
    expect(await refused(sql`CREATE TABLE sneaky (id int)`)).toBe("permission denied for schema public");
    expect(await refused(sql`DELETE FROM kysely_migration`)).toBe("permission denied for table kysely_migration");
    expect(await db.selectFrom("audit_log").select("id").execute()).toHaveLength(1);
  }, 120_000);
});
