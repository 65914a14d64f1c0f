import { afterEach, describe, expect, it, vi } from "vitest";

// On PostgreSQL every instance must seal and open keys and sessions with the same master key, and
// there is no shared data/master.key to generate one into: without SMS_DESK_SECRET the app
// refuses to start, with an error that names the variable and prints no value (the URL may
// carry the database password).

const PASSWORD = "db-password-that-must-not-print";

async function freshEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return (await import("@/lib/config/env")).env;
}

afterEach(() => vi.unstubAllEnvs());

describe("PostgreSQL without SMS_DESK_SECRET", () => {
  for (const scheme of ["postgres", "postgresql", "POSTGRES"]) {
    it(`refuses a ${scheme}:// DATABASE_URL, naming SMS_DESK_SECRET and printing no value`, async () => {
      const env = await freshEnv({
        DATABASE_URL: `${scheme}://app:${PASSWORD}@db.internal:5432/smsdesk`,
        SMS_DESK_SECRET: undefined,
      });
      let message = "";
      try {
        env();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/SMS_DESK_SECRET/);
      expect(message).not.toContain(PASSWORD);
      expect(message).not.toContain("db.internal");
    });
  }

  it("refuses an empty SMS_DESK_SECRET too", async () => {
    const env = await freshEnv({ DATABASE_URL: "postgres://app@db/smsdesk", SMS_DESK_SECRET: "" });
    expect(() => env()).toThrow(/SMS_DESK_SECRET/);
  });

  it("starts with one, and SQLite still starts without one (it generates data/master.key)", async () => {
    const secret = "unit-test-master-secret-0123456789abcdef";
    const pg = await freshEnv({ DATABASE_URL: "postgres://app@db/smsdesk", SMS_DESK_SECRET: secret });
    expect(pg().SMS_DESK_SECRET).toBe(secret);
    const sqlite = await freshEnv({ DATABASE_URL: "file:./data/x.db", SMS_DESK_SECRET: undefined });
    expect(sqlite().SMS_DESK_SECRET).toBeUndefined();
  });
});
