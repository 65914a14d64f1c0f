import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshTestDatabase } from "@/lib/testing/test-database";

// An admin issues a fresh one-time password to a member whose account still has the one it was
// created with (lost, or expired), and never to an account whose owner chose a password.

let database: { remove: () => void };
let mod: {
  service: typeof import("./service");
  reissue: typeof import("./reissue-password");
  db: typeof import("@/lib/db");
  auth: typeof import("@/lib/auth/auth");
};
const APP = "http://127.0.0.1:3996";

beforeAll(async () => {
  database = await useFreshTestDatabase("reissue");
  process.env.APP_URL = APP;
  process.env.SIGN_IN_ATTEMPTS_PER_MINUTE = "1000";
  mod = {
    service: await import("./service"),
    reissue: await import("./reissue-password"),
    db: await import("@/lib/db"),
    auth: await import("@/lib/auth/auth"),
  };
  await mod.db.getDb();
});

afterAll(() => database.remove());

let counter = 0;

function post(route: string, body: unknown, cookie = "") {
  return mod.auth.getAuth().handler(
    new Request(`${APP}/api/auth${route}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: APP,
        cookie,
        "x-forwarded-for": "10.3.0.1",
      },
      body: JSON.stringify(body),
    }),
  );
}
const signIn = (email: string, password: string) => post("/sign-in/email", { email, password });
const cookieOf = (response: Response) =>
  (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

async function teamWithAdmin() {
  const email = `admin-${++counter}@acme.test`;
  const { user } = await mod.auth
    .getAuth()
    .api.signUpEmail({ body: { email, name: "Admin", password: "admin-password-1" } });
  const actor = { id: user.id, label: email };
  const created = await mod.service.createTeam(actor, `Team ${counter}`);
  if (!created.ok) throw new Error(created.failure.code);
  return { actor, teamId: created.value.teamId };
}

async function addNew(teamId: string, actor: { id: string; label: string }) {
  const added = await mod.service.addMember(teamId, actor, {
    email: `new-${++counter}@acme.test`,
    name: "New",
    role: "operator",
  });
  if (!added.ok || added.value.kind !== "member") throw new Error("not added");
  return added.value;
}

describe("reissueOneTimePassword", { timeout: 30_000 }, () => {
  it("replaces an unused one-time password: the new one signs in, the old one and its sessions end", async () => {
    const { actor, teamId } = await teamWithAdmin();
    const { member, oneTimePassword: first } = await addNew(teamId, actor);
    expect(member.oneTimePasswordExpiresAt).toBeGreaterThan(Date.now());
    const oldSession = cookieOf(await signIn(member.email, first));
    const reissued = await mod.reissue.reissueOneTimePassword(teamId, actor, member.memberId);
    if (!reissued.ok) throw new Error(reissued.failure.code);
    expect(reissued.value.oneTimePassword).not.toBe(first);
    expect(reissued.value.email).toBe(member.email);
    expect((await signIn(member.email, first)).status).toBe(401);
    const session = await mod.auth
      .getAuth()
      .api.getSession({ headers: new Headers({ cookie: oldSession }) });
    expect(session).toBeNull();
    expect((await signIn(member.email, reissued.value.oneTimePassword)).status).toBe(200);
    // Still a one-time password: its owner must replace it.
    const listed = (await mod.service.listMembers(teamId)).find(
      (m) => m.memberId === member.memberId,
    );
    expect(listed?.oneTimePasswordExpiresAt).toBe(reissued.value.expiresAt);
    const rows = await (await mod.db.getDb())
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "member.password_reset")
      .execute();
    expect(rows).toContainEqual(
      expect.objectContaining({ actor: actor.label, outcome: "ok", detail: member.email }),
    );
    expect(JSON.stringify(rows)).not.toContain(reissued.value.oneTimePassword);
  });

  it("refuses an account whose owner chose a password (PASSWORD_ALREADY_CHOSEN), which keeps working", async () => {
    const { actor, teamId } = await teamWithAdmin();
    const { member, oneTimePassword } = await addNew(teamId, actor);
    const cookie = cookieOf(await signIn(member.email, oneTimePassword));
    const changed = await post(
      "/change-password",
      { currentPassword: oneTimePassword, newPassword: "owner-chosen-password" },
      cookie,
    );
    expect(changed.status).toBe(200);
    expect(
      (await mod.service.listMembers(teamId)).find((m) => m.memberId === member.memberId),
    ).toMatchObject({
      oneTimePasswordExpiresAt: null,
    });
    expect(await mod.reissue.reissueOneTimePassword(teamId, actor, member.memberId)).toMatchObject({
      ok: false,
      failure: { code: "PASSWORD_ALREADY_CHOSEN" },
    });
    expect((await signIn(member.email, "owner-chosen-password")).status).toBe(200);
  });

  it("never reaches a member of another team (MEMBER_NOT_FOUND)", async () => {
    const mine = await teamWithAdmin();
    const theirs = await teamWithAdmin();
    const { member, oneTimePassword } = await addNew(theirs.teamId, theirs.actor);
    expect(
      await mod.reissue.reissueOneTimePassword(mine.teamId, mine.actor, member.memberId),
    ).toMatchObject({
      ok: false,
      failure: { code: "MEMBER_NOT_FOUND" },
    });
    expect((await signIn(member.email, oneTimePassword)).status).toBe(200);
  });
});
