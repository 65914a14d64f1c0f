import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActivationState } from "@/lib/activation-states";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";
import { testEngine } from "@/lib/testing/test-database";
import type { ActivationsData } from "./dto";
import { applyNotModified, mergePage, RECENT_MS } from "./merge-delta";
import type { PollAnswer } from "./poll";

// GET /api/activations' 304s and deltas (lib/activations/poll.ts), on both engines: no cap on the
// table set, a 304 when nothing of the team's table changed, only the changed rows otherwise
// (including a write whose version is older than the cursor, as an out-of-order commit on
// PostgreSQL leaves it), and nothing across teams.

// No background sync: the rows here are written by the test.
vi.mock("@/lib/sync/sync-requests", () => ({
  requestSync: () => {},
  onSyncRequested: () => () => {},
}));

let h: Harness;
let poll: typeof import("./poll");
const OLD = Date.now() - 10 * 60_000;

beforeAll(async () => {
  h = await startHarness("poll-test-key-0001");
  poll = await import("./poll");
});
afterAll(() => h.close());

const db = () => h.mod.db.getDb();

/** `count` rows of the harness's key written (versioned) at `at`, ids from `first` on. */
async function seed(
  count: number,
  first: number,
  at = OLD,
  over: { state?: ActivationState; keyId?: string } = {},
) {
  const rows = Array.from({ length: count }, (_, i) => ({
    key_id: over.keyId ?? h.keyId,
    id: String(first + i),
    phone: `7900${first + i}`,
    service: "tg",
    country_code: "73",
    country_name: null,
    cost: 0.5,
    currency: 840,
    state: over.state ?? "waiting",
    codes: "[]",
    can_get_another_sms: 1,
    purchased_at: at - i,
    expires_at: at + 20 * 60_000,
    checking: 0,
    origin: "sync",
    created_at: at,
    updated_at: at,
  }));
  // Chunks: SQLite allows ~32k bound parameters per statement.
  for (let i = 0; i < rows.length; i += 500)
    await (await db())
      .insertInto("activations")
      .values(rows.slice(i, i + 500))
      .execute();
}

/** A write as repository.ts makes it: new state, version `at`. */
async function write(id: string, at: number, state: ActivationState = "code_received", keyId = h.keyId) {
  await (await db())
    .updateTable("activations")
    .set({ state, updated_at: at })
    .where("key_id", "=", keyId)
    .where("id", "=", id)
    .execute();
}

const full = () => poll.pollActivations(TEAM, { since: null, ifNoneMatch: null });
const next = (from: { page: { cursor: string }; etag: string } | ActivationsData, teamId = TEAM) =>
  poll.pollActivations(teamId, {
    since: "page" in from ? from.page.cursor : from.cursor,
    ifNoneMatch: "page" in from ? from.etag : from.etag,
  });

function ok(answer: PollAnswer) {
  if (answer.status !== 200) throw new Error(`expected a 200, got ${answer.status}`);
  return answer;
}
const ids = (answer: PollAnswer) =>
  ok(answer)
    .page.activations.map((a) => a.id)
    .sort();

describe("the table set", () => {
  it("holds every active row, 600 and more: no cap", async () => {
    await seed(650, 1000);
    const answer = ok(await full());
    expect(answer.page.full).toBe(true);
    expect(answer.page.activations).toHaveLength(650);
    expect(answer.page.activations.every((a) => a.keyId === h.keyId && a.state === "waiting")).toBe(
      true,
    );
    // Newest purchase first, as the table shows them.
    const purchased = answer.page.activations.map((a) => a.purchasedAtMs);
    expect(purchased).toEqual([...purchased].sort((a, b) => b - a));
  });

  it("holds ended rows of the last 24 h, not older ones", async () => {
    await seed(1, 5000, Date.now() - RECENT_MS + 60_000, { state: "finished" });
    await seed(1, 5001, Date.now() - RECENT_MS - 60_000, { state: "finished" });
    const found = ids(await full());
    expect(found).toContain("5000");
    expect(found).not.toContain("5001");
  });
});

describe("a poll with the last answer's cursor and ETag", () => {
  it("is a 304 when nothing changed, with the server's clock", async () => {
    const first = ok(await full());
    const again = await next(first);
    expect(again.status).toBe(304);
    expect(again.etag).toBe(first.etag);
    expect(again.serverNowMs).toBeGreaterThanOrEqual(first.serverNowMs);
    expect(again.offsets).toEqual({ [h.keyId]: 0 });
    // And again: a 304 leaves cursor and ETag valid.
    expect((await next(first)).status).toBe(304);
  });

  it("stays a 304 when a key's provider clock offset moves (it travels in a header)", async () => {
    const first = ok(await full());
    const clock = await import("@/lib/keys/provider-clock");
    const now = Date.now();
    clock.recordProviderDate(h.keyId, { dateMs: now - 7000, askedAtMs: now, answeredAtMs: now });
    try {
      const again = await next(first);
      expect(again.status).toBe(304);
      expect(again.offsets[h.keyId]).toBeLessThanOrEqual(-6000);
    } finally {
      clock.recordProviderDate(h.keyId, { dateMs: now, askedAtMs: now, answeredAtMs: now });
    }
  });

  it("after a write, answers 200 with only the changed row, then 304 again", async () => {
    const first = ok(await full());
    await write("1003", Date.now());
    const delta = ok(await next(first));
    expect(delta.page.full).toBe(false);
    expect(delta.page.activations.map((a) => [a.id, a.state])).toEqual([["1003", "code_received"]]);
    expect(delta.etag).not.toBe(first.etag);
    expect((await next(delta)).status).toBe(304);
  });

  it("sends a row committed after the cursor with an older version (an out-of-order commit)", async () => {
    const first = ok(await full());
    // A newer write, and one 20 s older, are seen...
    await write("1010", Date.now() + 5);
    await write("1011", Date.now() - 20_000);
    const seen = ok(await next(first));
    expect(seen.page.activations.map((a) => a.id)).toEqual(
      expect.arrayContaining(["1010", "1011"]),
    );
    // ...then a transaction that took its version 5 s before that read began commits: below the
    // newest version seen, on a row already in the window (neither count nor max moves).
    const cursorMs = Number(seen.page.cursor.split(".")[0]);
    await write("1011", cursorMs - 5000, "finished");
    const late = ok(await next(seen));
    expect(late.page.activations.find((a) => a.id === "1011")?.state).toBe("finished");
  });

  it.skipIf(testEngine() !== "postgres")(
    "sends a write that commits after a read that began later (PostgreSQL)",
    async () => {
      const first = ok(await full());
      let seen: PollAnswer | undefined;
      await (await db()).transaction().execute(async (trx) => {
        // Takes its version now, then waits while another connection polls past it.
        await trx
          .updateTable("activations")
          .set({ state: "cancelled", updated_at: Date.now() })
          .where("key_id", "=", h.keyId)
          .where("id", "=", "1012")
          .execute();
        await new Promise((r) => setTimeout(r, 20));
        // Meanwhile another write commits and a poll reads it: its cursor is past 1012's version.
        await write("1013", Date.now());
        seen = await next(first);
      });
      const before = ok(seen as PollAnswer);
      expect(before.page.activations.map((a) => a.id)).toContain("1013");
      expect(before.page.activations.find((a) => a.id === "1012")?.state).not.toBe("cancelled");
      const after = ok(await next(before));
      expect(after.page.activations.find((a) => a.id === "1012")?.state).toBe("cancelled");
    },
  );

  it("answers a change to the keys part (a rename) with a 200", async () => {
    const first = ok(await full());
    await (await db())
      .updateTable("provider_keys")
      .set({ name: "Renamed" })
      .where("id", "=", h.keyId)
      .execute();
    const after = ok(await next(first));
    expect(after.page.keys[0]?.name).toBe("Renamed");
    // No row changed: only rows re-sent from the overlap window, none of the 650 old ones.
    const cursorMs = Number(first.page.cursor.split(".")[0]);
    expect(after.page.activations.every((a) => a.updatedAtMs >= cursorMs - poll.OVERLAP_MS)).toBe(
      true,
    );
    expect(after.page.activations.length).toBeLessThan(10);
  });

  it("reads in full with a malformed or too old cursor", async () => {
    const first = ok(await full());
    const [ms, scope] = first.page.cursor.split(".");
    const old = `${Number(ms) - poll.MAX_CURSOR_AGE_MS - 1}.${scope}`;
    for (const since of ["garbage", old]) {
      const answer = ok(await poll.pollActivations(TEAM, { since, ifNoneMatch: first.etag }));
      expect(answer.page.full).toBe(true);
    }
  });
});

describe("the browser's copy, kept by the merge", () => {
  it("ends equal to a full read after deltas and 304s", async () => {
    const first = ok(await full());
    let copy = mergePage(undefined, first.page, first.etag);
    await write("1020", Date.now(), "finished");
    await write("1021", Date.now() - 2000, "cancelled");
    await seed(2, 7000, Date.now());
    for (let i = 0; i < 2; i++) {
      const answer = await next(copy);
      copy =
        answer.status === 304
          ? applyNotModified(copy, answer.serverNowMs, answer.offsets)
          : mergePage(copy, answer.page, answer.etag);
    }
    const truth = ok(await full()).page.activations;
    expect(copy.activations.map((a) => `${a.id}:${a.state}:${a.updatedAtMs}`)).toEqual(
      truth.map((a) => `${a.id}:${a.state}:${a.updatedAtMs}`),
    );
  });
});

describe("teams", () => {
  let otherKey: string;
  beforeAll(async () => {
    h.sim.engine.setAccount("poll-test-key-0002", 50);
    const created = await h.mod.keyService.createKey("team-b", ACTOR, {
      name: "B",
      provider: "simulator",
      secret: "poll-test-key-0002",
    });
    if (!created.ok) throw new Error("team-b key not created");
    otherKey = created.value.id;
    await seed(3, 9000, OLD, { keyId: otherKey });
  });

  it("never answers a team's poll with another team's rows", async () => {
    const a = ok(await full());
    expect(a.page.activations.some((r) => r.keyId === otherKey)).toBe(false);
    const b = ok(await poll.pollActivations("team-b", { since: null, ifNoneMatch: null }));
    expect(b.page.activations.map((r) => r.keyId)).toEqual([otherKey, otherKey, otherKey]);
  });

  it("gives another team's cursor and ETag a full read of the caller's own team, never a 304", async () => {
    const a = ok(await full());
    const asB = ok(await next(a, "team-b"));
    expect(asB.page.full).toBe(true);
    expect(asB.page.activations.every((r) => r.keyId === otherKey)).toBe(true);
    expect(asB.etag).not.toBe(a.etag);
    // And B's cursor gets A nothing of B's.
    const back = ok(await next(asB, TEAM));
    expect(back.page.full).toBe(true);
    expect(back.page.activations.some((r) => r.keyId === otherKey)).toBe(false);
  });

  it("reads in full once the team gains a key (its rows were never in a delta)", async () => {
    const a = ok(await full());
    h.sim.engine.setAccount("poll-test-key-0003", 50);
    const created = await h.mod.keyService.createKey(TEAM, ACTOR, {
      name: "Third",
      provider: "simulator",
      secret: "poll-test-key-0003",
    });
    if (!created.ok) throw new Error("third key not created");
    const after = ok(await next(a));
    expect(after.page.full).toBe(true);
  });
});

describe("who ordered it", () => {
  it("is the orderer for a number bought here, null for one sync found", async () => {
    const ordered = await h.mod.order.orderNumber(
      await h.key(),
      { service: "tg", country: "73", orderId: "poll-order-1" },
      ACTOR,
    );
    if (!ordered.ok) throw new Error(`order failed: ${ordered.failure.code}`);
    expect(ordered.value.orderedBy).toBe(ACTOR.label);
    const listed = ok(await full()).page.activations;
    expect(listed.find((a) => a.id === ordered.value.id)?.orderedBy).toBe(ACTOR.label);
    expect(listed.find((a) => a.id === "1000")?.orderedBy).toBeNull();
  });
});
