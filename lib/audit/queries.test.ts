import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/lib/testing/test-database";
import type { AuditEntry } from "./append";

// The audit queries against a real, migrated SQLite file. Fixtures: team A (alice admin, bob
// operator, dave who left), team B (carol), and failed sign-ins typed with members' and
// strangers' emails. What an admin of A reads must never include B's rows or B's people.

let dir: string;
let mod: {
  queries: typeof import("./queries");
  filter: typeof import("./filter");
  db: typeof import("@/lib/db");
};

const DAY = 24 * 60 * 60_000;
const T = Date.UTC(2025, 0, 10, 12); // 2025-01-10 12:00 UTC
const TEAM_A = "team-a";
const TEAM_B = "team-b";
const TEAM_BIG = "team-big";
const U = { alice: "u-alice", bob: "u-bob", carol: "u-carol", dave: "u-dave" };

// better-auth's tables have columns our schema does not type (it writes them, we only read).
type Untyped = Kysely<Record<string, Record<string, unknown>>>;

async function fixtures(db: Untyped) {
  const created = new Date(T).toISOString();
  const user = (id: string, email: string) => ({
    id,
    name: id,
    email,
    emailVerified: 0,
    createdAt: created,
    updatedAt: created,
  });
  await db
    .insertInto("user")
    .values([
      user(U.alice, "alice@example.com"),
      user(U.bob, "bob@example.com"),
      user(U.carol, "carol@example.com"),
      user(U.dave, "dave@example.com"),
    ])
    .execute();
  await db
    .insertInto("organization")
    .values(
      [TEAM_A, TEAM_B, TEAM_BIG].map((id) => ({ id, name: id, slug: id, createdAt: created })),
    )
    .execute();
  const member = (userId: string, organizationId: string, role: string) => ({
    id: `m-${userId}-${organizationId}`,
    userId,
    organizationId,
    role,
    createdAt: created,
  });
  await db
    .insertInto("member")
    .values([
      member(U.alice, TEAM_A, "admin"),
      member(U.bob, TEAM_A, "operator"),
      member(U.carol, TEAM_B, "admin"),
    ])
    .execute();
  const key = (id: string, team_id: string, name: string) => ({
    id,
    team_id,
    name,
    provider: "custom",
    base_url: "http://127.0.0.1:1",
    secret_sealed: "sealed",
    secret_hint: "1234",
    created_by: U.alice,
    created_at: T,
    updated_at: T,
  });
  await db
    .insertInto("provider_keys")
    .values([key("key-a", TEAM_A, "Main"), key("key-b", TEAM_B, "Other team's key")])
    .execute();
}

async function append(entries: AuditEntry[]) {
  const { appendAudit } = await import("./append");
  const db = await mod.db.getDb();
  for (const entry of entries) await appendAudit(db, entry);
}

const alice = { team_id: TEAM_A, actor_id: U.alice, actor: "alice@example.com" };
const signInFailed = (actor: string, at: number): AuditEntry => ({
  actor,
  at,
  action: "auth.sign_in_failed",
  outcome: "refused",
  result: "INVALID_EMAIL_OR_PASSWORD",
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-audit-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, "test.db");
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  mod = {
    queries: await import("./queries"),
    filter: await import("./filter"),
    db: await import("@/lib/db"),
  };
  await fixtures((await mod.db.getDb()) as unknown as Untyped);
  await append([
    { ...alice, at: T - DAY, action: "key.create", key_id: "key-a", outcome: "ok", result: "OK" },
    {
      ...alice,
      at: T,
      action: "setStatus",
      key_id: "key-a",
      activation_id: "111",
      detail: "8 (cancel)",
      outcome: "ok",
      result: "ACCESS_CANCEL",
      duration_ms: 42,
    },
    {
      team_id: TEAM_A,
      actor_id: U.bob,
      actor: "bob@example.com",
      at: T + 1,
      action: "getNumber",
      key_id: "key-a",
      activation_id: "222",
      detail: "tg/73",
      outcome: "ok",
      result: "ACCESS_NUMBER",
    },
    {
      team_id: TEAM_A,
      actor: "sync",
      at: T + 2,
      action: "getStatus",
      key_id: "key-a",
      activation_id: "111",
      outcome: "unknown",
      result: "TIMEOUT",
    },
    {
      team_id: TEAM_A,
      actor_id: U.dave,
      actor: "dave@example.com",
      at: T + DAY,
      action: "member.remove",
      detail: "bob",
      outcome: "ok",
      result: "OK",
    },
    // A row naming another team's key must not reveal that key's name.
    {
      ...alice,
      at: T + 3,
      action: "key.test",
      key_id: "key-b",
      outcome: "error",
      result: "BAD_KEY",
    },
    {
      team_id: TEAM_B,
      actor_id: U.carol,
      actor: "carol@example.com",
      at: T,
      action: "setStatus",
      key_id: "key-b",
      activation_id: "111",
      outcome: "ok",
      result: "ACCESS_CANCEL",
    },
    {
      team_id: TEAM_B,
      actor_id: U.carol,
      actor: "carol@example.com",
      at: T,
      action: "key.delete",
      key_id: "key-b",
      outcome: "ok",
      result: "OK",
    },
    {
      team_id: TEAM_B,
      actor: "sync",
      at: T,
      action: "getBalance",
      key_id: "key-b",
      outcome: "error",
      result: "BAD_KEY",
    },
    signInFailed("ALICE@Example.com", T + 4),
    signInFailed("carol@example.com", T + 5),
    signInFailed("stranger@example.com", T + 6),
  ]);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const entries = async (teamId: string, filter: import("./filter").AuditFilter = {}) =>
  (await mod.queries.listAuditEntries(teamId, filter, { limit: 1000 })).entries;

describe("listAuditEntries", () => {
  it("returns only the team's rows, newest first, as DTOs", async () => {
    const rows = await entries(TEAM_A);
    expect(rows.map((r) => r.at)).toEqual([T + DAY, T + 4, T + 3, T + 2, T + 1, T, T - DAY]);
    expect(rows.some((r) => r.actor.startsWith("carol"))).toBe(false);
    expect(rows.find((r) => r.action === "setStatus")).toEqual({
      id: expect.any(Number),
      at: T,
      actor: "alice@example.com",
      action: "setStatus",
      activationId: "111",
      keyId: "key-a",
      keyName: "Main",
      detail: "8 (cancel)",
      outcome: "ok",
      result: "ACCESS_CANCEL",
      durationMs: 42,
    });
  });

  it("never names another team's key", async () => {
    const row = (await entries(TEAM_A, { action: "key.test" }))[0];
    expect(row).toMatchObject({ keyId: "key-b", keyName: null });
  });

  it("shows failed sign-ins typed with a member's email (any case), and no one else's", async () => {
    expect((await entries(TEAM_A, { action: "auth.sign_in_failed" })).map((r) => r.actor)).toEqual([
      "ALICE@Example.com",
    ]);
    expect((await entries(TEAM_B, { action: "auth.sign_in_failed" })).map((r) => r.actor)).toEqual([
      "carol@example.com",
    ]);
    expect(await entries(TEAM_BIG)).toEqual([]);
  });

  it("filters by user: their own actions and sign-in failures with their email", async () => {
    expect((await entries(TEAM_A, { actor: U.alice })).map((r) => r.action)).toEqual([
      "auth.sign_in_failed",
      "key.test",
      "setStatus",
      "key.create",
    ]);
    expect((await entries(TEAM_A, { actor: U.dave })).map((r) => r.action)).toEqual([
      "member.remove",
    ]);
    // Carol acts in team B only: filtering team A by her finds nothing, not her B rows.
    expect(await entries(TEAM_A, { actor: U.carol })).toEqual([]);
  });

  it("filters by sync", async () => {
    expect((await entries(TEAM_A, { actor: "sync" })).map((r) => r.action)).toEqual(["getStatus"]);
  });

  it("filters by action and by activation", async () => {
    expect((await entries(TEAM_A, { action: "setStatus" })).map((r) => r.actor)).toEqual([
      "alice@example.com",
    ]);
    expect((await entries(TEAM_A, { activationId: "111" })).map((r) => r.action)).toEqual([
      "getStatus",
      "setStatus",
    ]);
    expect(await entries(TEAM_A, { activationId: "999" })).toEqual([]);
  });

  it("filters by whole days, both ends included", async () => {
    const parsed = mod.filter.parseAuditFilter(
      new URLSearchParams("from=2025-01-10&to=2025-01-10"),
    );
    if (!parsed.ok) throw new Error("filter should parse");
    const rows = await entries(TEAM_A, parsed.filter);
    expect(rows.map((r) => r.at)).toEqual([T + 4, T + 3, T + 2, T + 1, T]);
    expect((await entries(TEAM_A, { from: T + DAY })).map((r) => r.action)).toEqual([
      "member.remove",
    ]);
    expect((await entries(TEAM_A, { to: T })).map((r) => r.action)).toEqual(["key.create"]);
  });

  it("combines filters", async () => {
    expect(await entries(TEAM_A, { actor: U.bob, action: "setStatus" })).toEqual([]);
    expect(
      (await entries(TEAM_A, { actor: U.bob, activationId: "222" })).map((r) => r.action),
    ).toEqual(["getNumber"]);
  });

  it("pages with limit and offset and says when an older page exists", async () => {
    const page = (offset: number) => mod.queries.listAuditEntries(TEAM_A, {}, { limit: 3, offset });
    const first = await page(0);
    const second = await page(3);
    const last = await page(6);
    expect(first.entries.map((r) => r.at)).toEqual([T + DAY, T + 4, T + 3]);
    expect(first.hasMore).toBe(true);
    expect(second.entries.map((r) => r.at)).toEqual([T + 2, T + 1, T]);
    expect(second.hasMore).toBe(true);
    expect(last.entries.map((r) => r.at)).toEqual([T - DAY]);
    expect(last.hasMore).toBe(false);
    expect((await page(7)).entries).toEqual([]);
  });

  it("pages 100 rows by default", async () => {
    expect(mod.queries.AUDIT_PAGE_SIZE).toBe(100);
    const result = await mod.queries.listAuditEntries(TEAM_A, {});
    expect(result).toMatchObject({ hasMore: false });
    expect(result.entries).toHaveLength(7);
  });
});

describe("filter choices", () => {
  it("lists members, former actors and sync, never another team's people", async () => {
    expect(await mod.queries.listAuditActors(TEAM_A)).toEqual([
      { id: U.alice, label: "alice@example.com" },
      { id: U.bob, label: "bob@example.com" },
      { id: U.dave, label: "dave@example.com" },
      { id: "sync", label: "sync" },
    ]);
    expect(await mod.queries.listAuditActors(TEAM_BIG)).toEqual([]);
  });

  it("lists the actions the team can see", async () => {
    expect(await mod.queries.listAuditActions(TEAM_A)).toEqual([
      "auth.sign_in_failed",
      "getNumber",
      "getStatus",
      "key.create",
      "key.test",
      "member.remove",
      "setStatus",
    ]);
    expect(await mod.queries.listAuditActions(TEAM_B)).toEqual([
      "auth.sign_in_failed",
      "getBalance",
      "key.delete",
      "setStatus",
    ]);
  });
});

describe("auditCsv", () => {
  it("writes a header and one CRLF line per entry, scoped and filtered", async () => {
    const csv = await mod.queries.auditCsv(TEAM_A, { actor: U.bob });
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "id,time,actor,action,activation_id,key_id,key_name,detail,outcome,result,duration_ms",
    );
    expect(lines[1]).toMatch(
      /^\d+,2025-01-10T12:00:00\.001Z,bob@example\.com,getNumber,222,key-a,Main,tg\/73,ok,ACCESS_NUMBER,0$/,
    );
    expect(lines.slice(2)).toEqual([""]);
    expect(await mod.queries.auditCsv(TEAM_A, {})).not.toContain("carol");
  });

  it("quotes commas, quotes and line breaks, and neutralises formulas", async () => {
    const details = [
      'a,b "c"\nd',
      '=HYPERLINK("http://evil")',
      "+1",
      "-2",
      "@SUM(A1)",
      "\tcmd",
      "plain",
    ];
    await append(
      details.map((detail, i) => ({
        ...alice,
        team_id: TEAM_BIG,
        at: T + i,
        action: "csv.check",
        detail,
        outcome: "ok",
        result: "OK",
      })),
    );
    const csv = await mod.queries.auditCsv(TEAM_BIG, { action: "csv.check" });
    const cells = csv
      .split("\r\n")
      .slice(1, -1)
      .map((line) => line.split(",").slice(7, -3).join(","));
    expect(cells.reverse()).toEqual([
      '"a,b ""c""\nd"',
      '"\'=HYPERLINK(""http://evil"")"',
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\tcmd",
      "plain",
    ]);
  });

  it(`stops at ${50_000} rows, newest first`, async () => {
    const db = await mod.db.getDb();
    const rows = Array.from({ length: 50_001 }, (_, i) => ({
      at: T + 10_000 + i,
      team_id: TEAM_BIG,
      actor: "sync",
      action: "getStatus",
      outcome: "ok",
      result: "STATUS_WAIT_CODE",
      duration_ms: 1,
    }));
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 2000)
        await trx
          .insertInto("audit_log")
          .values(rows.slice(i, i + 2000))
          .execute();
    });
    const lines = (await mod.queries.auditCsv(TEAM_BIG, { action: "getStatus" })).split("\r\n");
    expect(lines).toHaveLength(1 + mod.queries.AUDIT_CSV_MAX_ROWS + 1);
    expect(lines[1]).toContain(new Date(T + 10_000 + 50_000).toISOString());
  }, 30_000);
});

// Last in the file: it adds rows the exact lists above do not expect.
describe("aggregated sign-in rows (lib/auth/sign-in-throttle.ts)", () => {
  it("shows a member's throttle summaries to their team only, and unknown-account counts to no team", async () => {
    await append([
      { actor: "bob@example.com", at: T + 9 * DAY, action: "auth.sign_in_throttled", outcome: "refused", result: "TOO_MANY_ATTEMPTS", detail: "account: 57 attempts refused" },
      { actor: "?", at: T + 9 * DAY, action: "auth.sign_in_unknown", outcome: "refused", result: "INVALID_EMAIL_OR_PASSWORD", detail: "120 failed, 4000 refused" },
    ]);
    expect((await entries(TEAM_A, { action: "auth.sign_in_throttled" })).map((r) => r.actor)).toEqual(["bob@example.com"]);
    expect((await entries(TEAM_A, { actor: U.bob, action: "auth.sign_in_throttled" })).map((r) => r.detail)).toEqual([
      "account: 57 attempts refused",
    ]);
    expect(await entries(TEAM_B, { action: "auth.sign_in_throttled" })).toEqual([]);
    for (const team of [TEAM_A, TEAM_B, TEAM_BIG]) expect(await entries(team, { action: "auth.sign_in_unknown" })).toEqual([]);
  });
});
