import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testDatabaseUrl } from "@/lib/testing/test-database";

// Setup is one unit: a password better-auth would refuse is refused before anything is written,
// and a setup that fails half way is undone, so the database never ends up with a "set up" mark
// and no admin (which refused setup forever).

let dir: string;
let setup: typeof import("./service");
let db: typeof import("@/lib/db");
let auth: typeof import("@/lib/auth/auth");

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-setup-undo-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, "setup.db");
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  setup = await import("./service");
  db = await import("@/lib/db");
  auth = await import("@/lib/auth/auth");
});

afterEach(() => vi.restoreAllMocks());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const input = (password = "a-long-password-1") => ({
  teamName: "Acme",
  name: "Ana",
  email: "Ana@Acme.test",
  password,
});

/** Every row a setup writes, so "nothing changed" can be asserted in one line. */
async function rows() {
  const k = (await db.getDb()).withTables<{ account: { id: string }; session: { id: string } }>();
  const count = async (
    table:
      | "user"
      | "account"
      | "session"
      | "organization"
      | "member"
      | "app_state"
      | "audit_log"
      | "provider_keys",
  ) =>
    Number(
      (
        await k
          .selectFrom(table)
          .select(({ fn }) => fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    user: await count("user"),
    account: await count("account"),
    session: await count("session"),
    organization: await count("organization"),
    member: await count("member"),
    app_state: await count("app_state"),
    audit_log: await count("audit_log"),
  };
}
const EMPTY = {
  user: 0,
  account: 0,
  session: 0,
  organization: 0,
  member: 0,
  app_state: 0,
  audit_log: 0,
};

describe("runSetup as one unit", () => {
  it.each([129, 200, 9])(
    "refuses a %i-character password up front and writes nothing",
    async (length) => {
      const outcome = await setup.runSetup(input("p".repeat(length)));
      expect(outcome).toEqual({
        ok: false,
        failure: { code: "PASSWORD_LENGTH", params: { min: 10, max: 128 } },
      });
      expect(await rows()).toEqual(EMPTY);
      expect(await setup.isSetupDone()).toBe(false);
    },
  );

  it("undoes the user when the credential cannot be stored, and setup works again", async () => {
    const ctx = await auth.getAuth().$context;
    vi.spyOn(ctx.internalAdapter, "linkAccount").mockRejectedValueOnce(new Error("disk full"));
    expect(await setup.runSetup(input())).toEqual({ ok: false, failure: { code: "SETUP_FAILED" } });
    expect(await rows()).toEqual(EMPTY);
    expect(await setup.isSetupDone()).toBe(false);
  });

  it("undoes user, account, team and member when the team step fails after writing", async () => {
    const api = auth.getAuth().api;
    const real = api.createOrganization;
    vi.spyOn(api, "createOrganization").mockImplementationOnce(
      async (...args: Parameters<typeof real>) => {
        await real(...args);
        throw new Error("lost after the team was written");
      },
    );
    expect(await setup.runSetup(input())).toEqual({ ok: false, failure: { code: "SETUP_FAILED" } });
    expect(await rows()).toEqual(EMPTY);
    expect(await setup.isSetupDone()).toBe(false);
  });

  it("a claim left by a setup that died with its process blocks only for a while", async () => {
    const k = await db.getDb();
    await k
      .insertInto("app_state")
      .values({ name: "setup_done", value: `pending:${new Date().toISOString()}` })
      .execute();
    expect(await setup.isSetupDone()).toBe(true);
    expect(await setup.runSetup(input())).toMatchObject({
      ok: false,
      failure: { code: "SETUP_DONE" },
    });
    const stale = new Date(Date.now() - 11 * 60_000).toISOString();
    await k
      .updateTable("app_state")
      .set({ value: `pending:${stale}` })
      .where("name", "=", "setup_done")
      .execute();
    expect(await setup.isSetupDone()).toBe(false);
  });

  it("then sets up, from the server itself without a token, with a 128-character password that signs in", async () => {
    const password = "p".repeat(128);
    const outcome = await setup.runSetupAsVisitor(input(password), { address: "127.0.0.1" });
    expect(outcome.ok).toBe(true);
    expect(await setup.isSetupDone()).toBe(true);
    expect(await rows()).toMatchObject({
      user: 1,
      account: 1,
      organization: 1,
      member: 1,
      app_state: 1,
      audit_log: 1,
    });
    const mark = await (await db.getDb())
      .selectFrom("app_state")
      .select("value")
      .executeTakeFirstOrThrow();
    expect(mark.value).not.toMatch(/^pending:/);
    const signedIn = await auth
      .getAuth()
      .api.signInEmail({ body: { email: "ana@acme.test", password } });
    expect(signedIn.user.email).toBe("ana@acme.test");
  });
});
