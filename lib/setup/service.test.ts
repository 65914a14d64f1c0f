import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/lib/testing/test-database";

// First run: /setup creates the first admin and their team exactly once, even when two
// submissions race, and carries the environment's provider key into the vault.

let dir: string;
let setup: typeof import("./service");
let db: typeof import("@/lib/db");

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-setup-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, "setup.db");
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.SMS_API_KEY = "ENV-KEY-FROM-OPERATOR-CORE-42";
  process.env.LOG_LEVEL = "silent";
  setup = await import("./service");
  db = await import("@/lib/db");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const input = (email: string) => ({ teamName: "Acme", name: "Ana", email, password: "a-long-password-1" });

describe("runSetup", () => {
  it("creates one admin and one team, once, even for two simultaneous submissions", async () => {
    expect(await setup.isSetupDone()).toBe(false);
    const [a, b] = await Promise.all([setup.runSetup(input("ana@acme.test")), setup.runSetup(input("bob@acme.test"))]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const refused = a.ok ? b : a;
    expect(refused).toMatchObject({ ok: false, failure: { code: "SETUP_DONE" } });
    expect(await setup.isSetupDone()).toBe(true);

    const k = await db.getDb();
    expect(await k.selectFrom("user").select("email").execute()).toHaveLength(1);
    const members = await k.selectFrom("member").select(["role", "organizationId"]).execute();
    expect(members).toEqual([expect.objectContaining({ role: "admin" })]);
  });

  it("refuses every later run", async () => {
    expect(await setup.runSetup(input("eve@acme.test"))).toMatchObject({ ok: false, failure: { code: "SETUP_DONE" } });
  });

  it("imports the environment's provider key, sealed, into the new team", async () => {
    const k = await db.getDb();
    const keys = await k.selectFrom("provider_keys").selectAll().execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]?.secret_hint).toBe("E-42");
    expect(keys[0]?.secret_sealed).not.toContain("ENV-KEY");
  });
});
