import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/lib/testing/test-database";
import { setupInput } from "@/lib/setup/setup-input";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-policy";

// One password policy: better-auth and every form take their limits from password-policy.ts,
// so a password a form accepts is never refused by better-auth afterwards (a 129–200 character
// password used to pass the setup form and make better-auth throw half way through setup).

let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-policy-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, "policy.db");
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const setup = (password: string) =>
  setupInput.safeParse({ teamName: "Acme", name: "Ana", email: "ana@acme.test", password });

describe("the password policy", () => {
  it("is 10 to 128 characters (128 is better-auth's own ceiling)", () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([10, 128]);
  });

  it("is what better-auth is configured with", async () => {
    const { authOptions } = await import("./options");
    const options = authOptions().emailAndPassword;
    expect(options.minPasswordLength).toBe(PASSWORD_MIN_LENGTH);
    expect(options.maxPasswordLength).toBe(PASSWORD_MAX_LENGTH);
  });

  it("is what the setup form's schema accepts: 10 and 128 yes, 9, 129 and 200 no", () => {
    expect(setup("p".repeat(PASSWORD_MIN_LENGTH)).success).toBe(true);
    expect(setup("p".repeat(PASSWORD_MAX_LENGTH)).success).toBe(true);
    for (const length of [PASSWORD_MIN_LENGTH - 1, PASSWORD_MAX_LENGTH + 1, 200]) {
      expect(setup("p".repeat(length)).success, `${length} characters`).toBe(false);
    }
  });

  it.each([
    "app/(auth)/setup/setup-form.tsx",
    "app/(dashboard)/profile/change-password-form.tsx",
  ])("is what %s tells the browser (minLength, maxLength)", (file) => {
    const form = fs.readFileSync(path.resolve(file), "utf8");
    expect(form).toMatch(/minLength=\{[^}]*PASSWORD_MIN_LENGTH/);
    expect(form).toMatch(/maxLength=\{[^}]*PASSWORD_MAX_LENGTH/);
  });
});
