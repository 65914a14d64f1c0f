import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testDatabaseUrl } from "@/lib/testing/test-database";

// SETUP_TOKEN from the environment: the operator chose the token, so nothing is generated or
// printed, and only that token opens setup from another machine.

let dir: string;
let setup: typeof import("./service");
let printed = "";
const CHOSEN = "operator-chosen-setup-token-42";

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-setup-env-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, "setup.db");
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  process.env.SETUP_TOKEN = CHOSEN;
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  setup = await import("./service");
});

afterAll(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const input = {
  teamName: "Acme",
  name: "Ana",
  email: "ana@acme.test",
  password: "a-long-password-1",
};

describe("SETUP_TOKEN from the environment", () => {
  it("is announced at start without printing it", async () => {
    const { announceSetupTokenIfPending } = await import("./announce");
    await announceSetupTokenIfPending();
    expect(printed).toContain("SETUP_TOKEN");
    expect(printed).not.toContain(CHOSEN);
    expect(printed).not.toContain("enter this setup token");
  });

  it("opens setup from another machine; nothing else does", async () => {
    expect(
      await setup.runSetupAsVisitor(input, {
        address: "203.0.113.7",
        token: "some-other-token-000",
      }),
    ).toMatchObject({
      failure: { code: "SETUP_TOKEN_WRONG" },
    });
    expect(await setup.isSetupDone()).toBe(false);
    const outcome = await setup.runSetupAsVisitor(input, { address: "203.0.113.7", token: CHOSEN });
    expect(outcome.ok).toBe(true);
    expect(printed).not.toContain(CHOSEN);
  });
});

describe("SETUP_TOKEN validation", () => {
  it("refuses one shorter than 16 characters, naming the variable only", async () => {
    vi.resetModules();
    process.env.SETUP_TOKEN = "short";
    const { env } = await import("@/lib/config/env");
    expect(() => env()).toThrow(/SETUP_TOKEN/);
    expect(() => env()).not.toThrow(/short/);
    process.env.SETUP_TOKEN = CHOSEN;
  });
});
