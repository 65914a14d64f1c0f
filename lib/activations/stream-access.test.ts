import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";
import { changeNoticesHeard } from "@/lib/testing/change-notices";

// The change stream's database questions on a real database (both engines), and the whole path
// from a sync write to a team's open stream: writer → change notice → LISTEN → filter by team.

const KEY = "stream-access-key-0001";
let h: Harness;
let access: typeof import("./stream-access");
let stream: typeof import("./change-stream");

beforeAll(async () => {
  h = await startHarness(KEY);
  access = await import("./stream-access");
  stream = await import("./change-stream");
});
afterAll(async () => {
  const { stopListening } = await import("@/lib/db/notify");
  await stopListening();
  await h.close();
});

describe("keyTeamLookup", () => {
  it("finds a key's team once and answers a burst from its cache", async () => {
    const db = await h.mod.db.getDb();
    const getDb = vi.fn(async () => db);
    const teamOfKey = access.keyTeamLookup(getDb);
    const teams = await Promise.all(Array.from({ length: 10 }, () => teamOfKey(h.keyId)));
    expect(teams).toEqual(Array(10).fill(TEAM));
    expect(getDb).toHaveBeenCalledTimes(1);
  });

  it("finds a key created after the lookup first missed it", async () => {
    const teamOfKey = access.keyTeamLookup(h.mod.db.getDb);
    const created = await h.mod.keyService.createKey("team-late", ACTOR, {
      name: "Late",
      provider: "simulator",
      secret: "stream-access-late-key-0002",
    });
    if (!created.ok) throw new Error("key not created");
    // A lookup that missed (the notice raced the key's creation) is not remembered.
    expect(await teamOfKey("no-such-key")).toBeNull();
    expect(await teamOfKey(created.value.id)).toBe("team-late");
    expect(await teamOfKey("no-such-key")).toBeNull();
  });
});

describe("a write reaching an open stream", () => {
  it("tells the key's team, and only that team, that a sync pass changed its activations", async () => {
    await changeNoticesHeard();
    const teamOfKey = access.keyTeamLookup(h.mod.db.getDb);
    const ours = vi.fn();
    const theirs = vi.fn();
    const stops = [
      stream.watchTeamChanges({ teamId: TEAM, source: stream.noticeSource, teamOfKey, onChange: ours }),
      stream.watchTeamChanges({ teamId: "team-other", source: stream.noticeSource, teamOfKey, onChange: theirs }),
    ];
    try {
      await h.synced("777111");
      await vi.waitFor(() => expect(ours).toHaveBeenCalled(), { timeout: 5000 });
      expect(theirs).not.toHaveBeenCalled();
    } finally {
      for (const stop of stops) stop();
    }
  }, 20_000);

  it("tells the team about a new balance, but not about a balance read again unchanged", async () => {
    await changeNoticesHeard();
    const teamOfKey = access.keyTeamLookup(h.mod.db.getDb);
    const ours = vi.fn();
    const stop = stream.watchTeamChanges({ teamId: TEAM, source: stream.noticeSource, teamOfKey, onChange: ours, coalesceMs: 0 });
    try {
      h.sim.engine.setAccount(KEY, 41.5);
      await h.mod.sync.syncBalance(await h.key());
      await vi.waitFor(() => expect(ours).toHaveBeenCalledTimes(1), { timeout: 5000 });
      await h.mod.sync.syncBalance(await h.key());
      await h.mod.sync.syncBalance(await h.key());
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(ours).toHaveBeenCalledTimes(1);
    } finally {
      stop();
    }
  }, 20_000);
});

describe("a key change reaching an open stream", () => {
  it("create, enable, disable, rotate and delete each tell the key's team at once", async () => {
    await changeNoticesHeard();
    const teamOfKey = access.keyTeamLookup(h.mod.db.getDb);
    const ours = vi.fn();
    const stop = stream.watchTeamChanges({ teamId: TEAM, source: stream.noticeSource, teamOfKey, onChange: ours, coalesceMs: 0 });
    const created = await h.mod.keyService.createKey(TEAM, ACTOR, {
      name: "Changing",
      provider: "simulator",
      secret: "stream-access-changing-key-0003",
    });
    if (!created.ok) throw new Error("key not created");
    const keyId = created.value.id;
    await vi.waitFor(() => expect(ours.mock.calls.length, "create").toBeGreaterThan(0), { timeout: 5000 });
    const changes: Array<[string, () => Promise<{ ok: boolean }>]> = [
      ["disable", () => h.mod.keyService.setKeyEnabled(TEAM, ACTOR, keyId, false)],
      ["enable", () => h.mod.keyService.setKeyEnabled(TEAM, ACTOR, keyId, true)],
      ["rotate", () => h.mod.keyService.rotateKey(TEAM, ACTOR, keyId, "stream-access-rotated-key-0004")],
      ["delete", () => h.mod.keyService.deleteKey(TEAM, ACTOR, keyId, true)],
    ];
    try {
      for (const [what, change] of changes) {
        const before = ours.mock.calls.length;
        expect((await change()).ok, what).toBe(true);
        await vi.waitFor(() => expect(ours.mock.calls.length, what).toBeGreaterThan(before), { timeout: 5000 });
      }
    } finally {
      stop();
    }
  }, 30_000);
});

describe("stillWatching: the team the stream watches is the team the JSON route serves", () => {
  it("follows the fallback team and a removal from the active team, as getSessionContext does", async () => {
    const { getAuth } = await import("@/lib/auth/auth");
    const teams = await import("@/lib/teams/service");
    const { resolveTeam } = await import("@/lib/auth/session");
    const db = await h.mod.db.getDb();
    const auth = getAuth();
    const stamp = Date.now().toString(36);
    const email = `watcher-${stamp}@x.local`;
    const password = "correct-horse-battery";
    const { user } = await auth.api.signUpEmail({ body: { email, name: "Watcher", password } });
    const actor = { id: user.id, label: email };
    const signedIn = await auth.api.signInEmail({ body: { email, password }, returnHeaders: true });
    const headers = new Headers({ cookie: (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "" });
    const created = async (name: string) => {
      const team = await teams.createTeam(actor, `${name} ${stamp}`);
      if (!team.ok) throw new Error(team.failure.code);
      return team.value.teamId;
    };
    const watching = (teamId: string) => access.stillWatching(db, headers, { userId: user.id, teamId });
    const served = async () => {
      const session = await auth.api.getSession({ headers, query: { disableRefresh: true } });
      const activeId = (session?.session as { activeOrganizationId?: string | null } | undefined)?.activeOrganizationId;
      return (await resolveTeam(db, user.id, activeId)).team?.teamId;
    };

    // No active team: the first team by name is the one served, and the one watched.
    const beta = await created("Beta");
    expect(await served()).toBe(beta);
    expect(await watching(beta)).toBe(true);
    // A team that sorts first arrives: it is served now, so a stream of Beta must end.
    const alpha = await created("Alpha");
    expect(await served()).toBe(alpha);
    expect(await watching(beta)).toBe(false);
    expect(await watching(alpha)).toBe(true);

    // Beta chosen in the switcher; then the user is removed from it.
    expect((await teams.setActiveTeam(headers, user.id, beta)).ok).toBe(true);
    expect(await watching(beta)).toBe(true);
    expect(await watching(alpha)).toBe(false);
    await db.deleteFrom("member").where("userId", "=", user.id).where("organizationId", "=", beta).execute();
    // The JSON route falls back to Alpha: a stream of Alpha is allowed (not ended every beat).
    expect(await served()).toBe(alpha);
    expect(await watching(alpha)).toBe(true);
    expect(await watching(beta)).toBe(false);

    // Signed out: nothing.
    await auth.api.signOut({ headers });
    expect(await watching(alpha)).toBe(false);
  }, 20_000);
});
