import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useFreshTestDatabase } from "@/lib/testing/test-database";
import { createSessionMemo } from "./session-memo";

// better-auth's answer is remembered per Cookie header, and used only while the session row is
// unchanged: a click skips better-auth's ~2.5 ms, and revocation still takes effect at once.

const row = (id: string, at = "2026-12-07T08:00:00.000Z") => ({
  session: { id, updatedAt: new Date(at), expiresAt: new Date("2026-12-14T08:00:00.000Z") },
});

describe("createSessionMemo", () => {
  it("asks better-auth once per Cookie header while the row holds, and checks the row every time", async () => {
    const stillCurrent = vi.fn(async () => true);
    const read = createSessionMemo<ReturnType<typeof row>>({ stillCurrent });
    const fresh = vi.fn(async () => row("s1"));
    expect(await read("a=1", fresh)).toEqual(row("s1"));
    expect(await read("a=1", fresh)).toEqual(row("s1"));
    expect(await read("a=1", fresh)).toEqual(row("s1"));
    expect(fresh).toHaveBeenCalledTimes(1);
    expect(stillCurrent).toHaveBeenCalledTimes(2);
    // Another header (another browser, or the same one with another cookie) is asked on its own.
    await read("a=2", fresh);
    expect(fresh).toHaveBeenCalledTimes(2);
  });

  it("asks again when the row changed, and forgets a session that is gone", async () => {
    let current = true;
    const read = createSessionMemo<ReturnType<typeof row>>({ stillCurrent: async () => current });
    const fresh = vi.fn(async (): Promise<ReturnType<typeof row> | null> => row("s1"));
    await read("a=1", fresh);
    current = false;
    fresh.mockResolvedValueOnce(null);
    expect(await read("a=1", fresh)).toBeNull();
    expect(fresh).toHaveBeenCalledTimes(2);
    // Signed out is never remembered: the next request asks better-auth again.
    current = true;
    expect(await read("a=1", fresh)).toEqual(row("s1"));
    expect(fresh).toHaveBeenCalledTimes(3);
  });

  it("asks again after 30 s however current the row, and without a cookie always", async () => {
    let now = 0;
    const read = createSessionMemo<ReturnType<typeof row>>({ stillCurrent: async () => true, now: () => now });
    const fresh = vi.fn(async () => row("s1"));
    await read("a=1", fresh);
    now = 29_999;
    await read("a=1", fresh);
    expect(fresh).toHaveBeenCalledTimes(1);
    now = 30_000;
    await read("a=1", fresh);
    expect(fresh).toHaveBeenCalledTimes(2);
    await read(null, fresh);
    await read(null, fresh);
    expect(fresh).toHaveBeenCalledTimes(4);
  });

  it("keeps at most maxEntries headers, least recently used out first", async () => {
    const read = createSessionMemo<ReturnType<typeof row>>({ stillCurrent: async () => true, maxEntries: 2 });
    const fresh = vi.fn(async () => row("s"));
    await read("a", fresh);
    await read("b", fresh);
    await read("a", fresh); // a is now the most recent
    await read("c", fresh); // b goes
    expect(fresh).toHaveBeenCalledTimes(3);
    await read("a", fresh);
    await read("c", fresh);
    expect(fresh).toHaveBeenCalledTimes(3);
    await read("b", fresh);
    expect(fresh).toHaveBeenCalledTimes(4);
  });
});

describe("readSession with better-auth on a real database", () => {
  let database: { remove: () => void };
  let auth: typeof import("./auth");
  let db: typeof import("@/lib/db");
  let memo: typeof import("./session-memo");
  const APP = "http://127.0.0.1:3998";

  beforeAll(async () => {
    database = await useFreshTestDatabase("session-memo");
    process.env.APP_URL = APP;
    auth = await import("./auth");
    db = await import("@/lib/db");
    memo = await import("./session-memo");
    await db.getDb();
    await auth.getAuth().api.signUpEmail({ body: { email: "memo@acme.test", password: "right-password-1", name: "Mo" } });
  });
  afterAll(() => database.remove());

  async function signedInHeaders(): Promise<Headers> {
    const response = await auth.getAuth().handler(
      new Request(`${APP}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: APP },
        body: JSON.stringify({ email: "memo@acme.test", password: "right-password-1" }),
      }),
    );
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
    return new Headers({ cookie, origin: APP });
  }

  it("answers from memory while the session lives, and not once it is signed out", async () => {
    const headers = await signedInHeaders();
    const getSession = vi.spyOn(auth.getAuth().api, "getSession");
    try {
      const first = await memo.readSession(headers);
      expect(first?.user.email).toBe("memo@acme.test");
      expect((await memo.readSession(headers))?.session.id).toBe(first?.session.id);
      expect(getSession).toHaveBeenCalledTimes(1);

      const out = await auth.getAuth().handler(
        new Request(`${APP}/api/auth/sign-out`, { method: "POST", headers }),
      );
      expect(out.status).toBe(200);
      expect(await memo.readSession(headers)).toBeNull();
      expect(getSession).toHaveBeenCalledTimes(2);
    } finally {
      getSession.mockRestore();
    }
  });

  it("asks better-auth again when the session row changes (another team chosen, expired)", async () => {
    const headers = await signedInHeaders();
    const first = await memo.readSession(headers);
    if (!first) throw new Error("not signed in");
    const conn = await db.getDb();
    const sessionRow = () => conn.selectFrom("session").where("id", "=", first.session.id);
    await conn.updateTable("session").set({ activeOrganizationId: "team-x" }).where("id", "=", first.session.id).execute();
    expect(await memo.sessionRowUnchanged(conn, first.session)).toBe(false);
    await conn.updateTable("session").set({ activeOrganizationId: null }).where("id", "=", first.session.id).execute();
    expect(await memo.sessionRowUnchanged(conn, first.session)).toBe(true);

    // Expired in the database: better-auth is asked, and says signed out.
    await conn
      .updateTable("session")
      .set({ expiresAt: new Date(Date.now() - 1_000).toISOString() })
      .where("id", "=", first.session.id)
      .execute();
    expect(await memo.sessionRowUnchanged(conn, first.session)).toBe(false);
    expect(await memo.readSession(headers)).toBeNull();
    expect(await sessionRow().select("id").executeTakeFirst()).toBeUndefined();
  });
});
