import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness } from "@/lib/testing/app-harness";
import { BULK_MAX_ROWS, bulkInputSchema } from "./bulk-plan";

// Bulk Finish / Cancel against the real simulator over HTTP: every row is one guarded click
// (performAction), so a mixed selection costs exactly one setStatus per row that qualifies and
// none for the rest, each call leaves its own intent and outcome rows in the audit log, and the
// outcomes come back per row, in the order asked.

const KEY = "bulk-test-key-0001";
let h: Harness;
let bulk: typeof import("./bulk");

beforeAll(async () => {
  h = await startHarness(KEY);
  bulk = await import("./bulk");
});
afterAll(() => h.close());

const setStatusCalls = (id: string) => h.requests(`action=setStatus&id=${id}`);
const row = (id: string, keyId = h.keyId) => ({ keyId, id });
const run = (action: "finish" | "cancel", ids: string[], teamId = "team-a") =>
  bulk.performBulk({ teamId, action, rows: ids.map((id) => row(id)), actor: ACTOR });
const syncOnce = async () => h.mod.sync.syncKeyOnce(await h.key());

async function auditOf(id: string) {
  const db = await h.mod.db.getDb();
  return db
    .selectFrom("audit_log")
    .select(["action", "outcome", "result", "actor", "team_id"])
    .where("activation_id", "=", id)
    .where("action", "=", "setStatus")
    .execute();
}

describe("performBulk", () => {
  it("finishes only the rows with a code: one call and one audited outcome each, none for the others", async () => {
    const withCode = [await h.synced("1001"), await h.synced("1002"), await h.synced("1003")];
    const waiting = await h.synced();
    const finished = await h.synced("1004");
    expect(await h.act(finished, "finish")).toMatchObject({ ok: true });
    const ids = [withCode[0], waiting, withCode[1], finished, withCode[2]] as string[];

    const outcomes = await run("finish", ids);

    expect(outcomes.map((o) => o.id)).toEqual(ids);
    expect(outcomes.map((o) => (o.outcome.ok ? "ok" : o.outcome.failure.code))).toEqual([
      "ok",
      "NOT_ALLOWED_WAITING_FOR_CODE",
      "ok",
      "NOT_ALLOWED_FINISHED",
      "ok",
    ]);
    for (const id of withCode) {
      expect(await setStatusCalls(id)).toHaveLength(1);
      expect(h.sim.engine.getActivation(id)?.state).toBe("finished");
      const audit = await auditOf(id);
      expect(audit.filter((a) => a.outcome === "sent")).toHaveLength(1);
      expect(audit.filter((a) => a.outcome === "ok")).toEqual([
        expect.objectContaining({
          result: "ACCESS_ACTIVATION",
          actor: ACTOR.label,
          team_id: "team-a",
        }),
      ]);
    }
    expect(await setStatusCalls(waiting)).toHaveLength(0);
    expect(await auditOf(waiting)).toEqual([]);
    // The single click before the bulk, and nothing more.
    expect(await setStatusCalls(finished)).toHaveLength(1);
  });

  it("cancels only waiting rows past the early-cancel window, on the provider's clock", async () => {
    const old = [await h.synced(), await h.synced()];
    h.sim.engine.advance(130);
    const fresh = await h.synced();
    const withCode = await h.synced("2001");
    const ids = [...old, fresh, withCode] as string[];

    const outcomes = await run("cancel", ids);

    expect(outcomes.map((o) => (o.outcome.ok ? "ok" : o.outcome.failure.code))).toEqual([
      "ok",
      "ok",
      "NOT_ALLOWED_EARLY_CANCEL",
      "NOT_ALLOWED_CODE_ALREADY_RECEIVED",
    ]);
    for (const id of old) {
      expect(await setStatusCalls(id)).toHaveLength(1);
      expect(h.sim.engine.getActivation(id)?.state).toBe("cancelled");
      expect((await auditOf(id)).filter((a) => a.outcome === "ok")).toHaveLength(1);
    }
    for (const id of [fresh, withCode] as string[]) {
      expect(await setStatusCalls(id)).toHaveLength(0);
      expect(await auditOf(id)).toEqual([]);
    }
  });

  it("refuses another team's rows and unknown rows per row, with no provider call", async () => {
    const ours = await h.synced("3001");
    const theirs = await h.synced("3002");
    // Team B names team A's key and row: not found, exactly as for a single click.
    const outcomes = await run("finish", [theirs], "team-b");
    expect(outcomes).toEqual([
      expect.objectContaining({
        id: theirs,
        outcome: { ok: false, failure: { code: "ACTIVATION_NOT_FOUND" } },
      }),
    ]);
    expect(await setStatusCalls(theirs)).toHaveLength(0);

    const mixed = await run("finish", ["999999999", ours]);
    expect(mixed.map((o) => (o.outcome.ok ? "ok" : o.outcome.failure.code))).toEqual([
      "ACTIVATION_NOT_FOUND",
      "ok",
    ]);
    expect(await h.requests("action=setStatus&id=999999999")).toHaveLength(0);
    expect(await setStatusCalls(ours)).toHaveLength(1);
  });

  it("keeps each row's failure its own: a provider error on one row does not stop the others", async () => {
    const ids = [
      await h.synced("4001"),
      await h.synced("4002"),
      await h.synced("4003"),
    ] as string[];
    await h.fault({ action: "setStatus", kind: "token", token: "ERROR_SQL" });
    const outcomes = await run("finish", ids);
    const codes = outcomes.map((o) => (o.outcome.ok ? "ok" : o.outcome.failure.code));
    expect(codes.filter((c) => c === "ERROR_SQL")).toHaveLength(1);
    expect(codes.filter((c) => c === "ok")).toHaveLength(2);
    for (const id of ids) expect(await setStatusCalls(id)).toHaveLength(1);
    // The failed row is free again and in its old state, as after a failed single click.
    const failed = outcomes.find((o) => !o.outcome.ok)?.id as string;
    const db = await h.mod.db.getDb();
    expect(await h.mod.rows.findActivation(db, h.keyId, failed)).toMatchObject({
      state: "code_received",
      pending_action: null,
    });
  });

  it("sends one call for a row a teammate clicks at the same moment", async () => {
    const id = await h.synced("5001");
    const [click, outcomes] = await Promise.all([h.act(id, "finish"), run("finish", [id])]);
    const results = [
      click.ok ? "ok" : click.failure.code,
      ...outcomes.map((o) => (o.outcome.ok ? "ok" : o.outcome.failure.code)),
    ];
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(await setStatusCalls(id)).toHaveLength(1);
  });

  it("keeps at most BULK_CONCURRENCY rows in flight and answers every row", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(h.boughtElsewhere());
    for (const id of ids) h.sim.engine.deliverSms(id, { code: "6001" });
    await syncOnce();
    // Slow answers hold each row's claim for a while: the claims held at once are the rows in flight.
    await h.fault({ action: "setStatus", kind: "slow", delayMs: 150, times: ids.length });
    const db = await h.mod.db.getDb();
    let most = 0;
    const watching = setInterval(async () => {
      const claimed = await db
        .selectFrom("activations")
        .select("id")
        .where("key_id", "=", h.keyId)
        .where("pending_action", "is not", null)
        .execute();
      most = Math.max(most, claimed.length);
    }, 20);
    const outcomes = await run("finish", ids);
    clearInterval(watching);
    expect(outcomes.every((o) => o.outcome.ok)).toBe(true);
    expect(most).toBe(bulk.BULK_CONCURRENCY);
    for (const id of ids) expect(await setStatusCalls(id)).toHaveLength(1);
  });
});

describe("the bulk input schema", () => {
  const keyId = "00000000-0000-4000-8000-000000000001";
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ keyId, id: String(1000 + i) }));

  it("accepts 1 to BULK_MAX_ROWS distinct rows for finish or cancel", () => {
    expect(bulkInputSchema.safeParse({ action: "finish", rows: rows(1) }).success).toBe(true);
    expect(bulkInputSchema.safeParse({ action: "cancel", rows: rows(BULK_MAX_ROWS) }).success).toBe(
      true,
    );
  });

  it.each([
    ["no rows", { action: "finish", rows: [] }],
    ["one row too many", { action: "finish", rows: rows(BULK_MAX_ROWS + 1) }],
    ["a row named twice", { action: "finish", rows: [...rows(2), rows(1)[0]] }],
    ["another SMS (not a bulk action)", { action: "retry", rows: rows(1) }],
    ["a status code instead of an action", { action: 6, rows: rows(1) }],
    ["a non-digit id", { action: "finish", rows: [{ keyId, id: "12a" }] }],
    ["a keyId that is no uuid", { action: "finish", rows: [{ keyId: "k", id: "1" }] }],
    [
      "a row with an extra field",
      { action: "finish", rows: [{ keyId, id: "1", teamId: "team-b" }] },
    ],
    ["a forged teamId", { action: "finish", rows: rows(1), teamId: "team-b" }],
    ["rows as an object", { action: "finish", rows: { 0: rows(1)[0] } }],
  ])("refuses %s", (_, input) => {
    expect(bulkInputSchema.safeParse(input).success).toBe(false);
  });
});
