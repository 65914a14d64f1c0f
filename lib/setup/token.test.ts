import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testEngine, useFreshTestDatabase } from "@/lib/testing/test-database";

// A fresh install reached from another machine: /setup asks for the setup token printed to the
// server's log, refuses a wrong one without creating anything, slows down guessing, and works
// with the right one. A browser on the server itself needs no token.

let database: { remove: () => void };
let setup: typeof import("./service");
let token: typeof import("./token");
let db: typeof import("@/lib/db");
let printed = "";

beforeAll(async () => {
  database = await useFreshTestDatabase("setup-token");
  delete process.env.SETUP_TOKEN;
  delete process.env.SMS_DESK_DEMO;
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  setup = await import("./service");
  token = await import("./token");
  db = await import("@/lib/db");
});

afterAll(() => {
  vi.restoreAllMocks();
  database.remove();
});

const STRANGER = "203.0.113.7";
const input = {
  teamName: "Acme",
  name: "Ana",
  email: "ana@acme.test",
  password: "a-long-password-1",
};

async function nothingCreated() {
  const k = await db.getDb();
  expect(await k.selectFrom("user").select("id").execute()).toEqual([]);
  expect(await k.selectFrom("app_state").select("name").execute()).toEqual([]);
  expect(await setup.isSetupDone()).toBe(false);
}

/** The token as the operator reads it in the log. */
function tokenFromLog(): string {
  const match = /enter this setup token: (\S+)/.exec(printed);
  if (!match?.[1]) throw new Error(`no setup token in the log: ${printed}`);
  return match[1];
}

describe("who needs the setup token", () => {
  it.each([
    ["127.0.0.1", false],
    ["127.8.9.10", false],
    ["::1", false],
    ["::ffff:127.0.0.1", false],
    [STRANGER, true],
    ["10.0.0.2", true],
    ["192.168.1.20", true],
    ["fe80::1", true],
    [null, true],
  ])("%s: %s", (address, required) => {
    expect(token.setupTokenRequired(address)).toBe(required);
  });
});

describe("setup from another machine", () => {
  it("prints the token once, at start, on a clear line", async () => {
    const { announceSetupTokenIfPending } = await import("./announce");
    await announceSetupTokenIfPending();
    await announceSetupTokenIfPending();
    expect(printed.match(/enter this setup token/g)).toHaveLength(1);
    expect(tokenFromLog()).toHaveLength(32);
  });

  it("asks for the token, and creates nothing without it", async () => {
    expect(await setup.runSetupAsVisitor(input, { address: STRANGER })).toEqual({
      ok: false,
      failure: { code: "SETUP_TOKEN_REQUIRED" },
    });
    // Unknown address: fail closed.
    expect(await setup.runSetupAsVisitor(input, { address: null })).toMatchObject({
      failure: { code: "SETUP_TOKEN_REQUIRED" },
    });
    await nothingCreated();
  });

  it("refuses a wrong token (even one that differs only at the end) and creates nothing", async () => {
    const right = tokenFromLog();
    for (const wrong of [
      "x",
      `${right.slice(0, -1)}${right.endsWith("A") ? "B" : "A"}`,
      `${right}x`,
    ]) {
      expect(await setup.runSetupAsVisitor(input, { address: STRANGER, token: wrong })).toEqual({
        ok: false,
        failure: { code: "SETUP_TOKEN_WRONG" },
      });
    }
    await nothingCreated();
  });

  it("after 10 wrong tokens from one address, refuses that address even the right token", async () => {
    const right = tokenFromLog();
    const guesser = "198.51.100.9";
    for (let i = 0; i < 10; i++) {
      expect(
        await setup.runSetupAsVisitor(input, { address: guesser, token: `guess-${i}` }),
      ).toMatchObject({
        failure: { code: "SETUP_TOKEN_WRONG" },
      });
    }
    expect(await setup.runSetupAsVisitor(input, { address: guesser, token: right })).toEqual({
      ok: false,
      failure: { code: "SETUP_TOKEN_THROTTLED" },
    });
    await nothingCreated();
  });

  it("sets up with the right token (spaces around a pasted token are fine), printed only that once", async () => {
    const right = tokenFromLog();
    const outcome = await setup.runSetupAsVisitor(input, {
      address: STRANGER,
      token: ` ${right} `,
    });
    expect(outcome.ok).toBe(true);
    expect(await setup.isSetupDone()).toBe(true);
    expect(printed.split(right)).toHaveLength(2);
    expect(await setup.runSetupAsVisitor(input, { address: STRANGER, token: right })).toMatchObject(
      {
        failure: { code: "SETUP_DONE" },
      },
    );
  });
});

describe("wrong-token counting", () => {
  it("forgets a window once it has passed", async () => {
    const attempts = await import("./token-attempts");
    attempts.resetSetupTokenAttempts();
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) attempts.recordWrongSetupToken("192.0.2.1", t0);
    expect(attempts.setupTokenThrottled("192.0.2.1", t0 + 1)).toBe(true);
    expect(attempts.setupTokenThrottled("192.0.2.2", t0 + 1)).toBe(false);
    expect(attempts.setupTokenThrottled("192.0.2.1", t0 + attempts.SETUP_TOKEN_WINDOW_MS)).toBe(
      false,
    );
  });

  it("caps all addresses together, so rotating addresses does not multiply the guesses", async () => {
    const attempts = await import("./token-attempts");
    attempts.resetSetupTokenAttempts();
    for (let i = 0; i < 100; i++) attempts.recordWrongSetupToken(`192.0.2.${i}`, 5_000);
    expect(attempts.setupTokenThrottled("198.51.100.200", 5_001)).toBe(true);
  });
});

describe("the generated token across instances", () => {
  // What another instance (or this one after a restart) starts with: no token in memory.
  it("is the same on every PostgreSQL instance (derived from the shared secret), new per start on SQLite", () => {
    const printedFirst = tokenFromLog();
    token.forgetSetupToken();
    const another = token.currentSetupToken();
    expect(another).toHaveLength(32);
    expect(another === printedFirst).toBe(testEngine() === "postgres");
    expect(another).not.toContain(process.env.SMS_DESK_SECRET);
    if (testEngine() === "postgres") expect(printed).toContain("the same on every instance");
  });
});
