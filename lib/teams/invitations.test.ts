import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshTestDatabase } from "@/lib/testing/test-database";

// Issue 7, item 2: one team's admin could take over an account another team added. Adding an
// email that already has an account now only invites it; its owner, signed in, accepts or
// declines. Against a real SQLite file, a real better-auth and its HTTP handler.

let database: { remove: () => void };
let mod: {
  service: typeof import("./service");
  invitations: typeof import("./invitations");
  db: typeof import("@/lib/db");
  auth: typeof import("@/lib/auth/auth");
};
const APP = "http://127.0.0.1:3998";
const PASSWORD = "correct-horse-battery";

beforeAll(async () => {
  database = await useFreshTestDatabase("invitations");
  process.env.APP_URL = APP;
  mod = {
    service: await import("./service"),
    invitations: await import("./invitations"),
    db: await import("@/lib/db"),
    auth: await import("@/lib/auth/auth"),
  };
  await mod.db.getDb();
});

afterAll(() => database.remove());

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Date.now().toString(36)}`;
type Person = { id: string; email: string; actor: { id: string; label: string } };

async function signUp(label: string): Promise<Person> {
  const email = `${unique(label)}@x.local`;
  const { user } = await mod.auth
    .getAuth()
    .api.signUpEmail({ body: { email, name: label, password: PASSWORD } });
  return { id: user.id, email, actor: { id: user.id, label: email } };
}

async function teamWithAdmin() {
  const admin = await signUp("admin");
  const created = await mod.service.createTeam(admin.actor, unique("Team"));
  if (!created.ok) throw new Error(created.failure.code);
  return { admin, teamId: created.value.teamId };
}

function post(route: string, body: unknown, cookie = "") {
  return mod.auth.getAuth().handler(
    new Request(`${APP}/api/auth${route}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: APP,
        cookie,
        "x-forwarded-for": "10.1.0.1",
      },
      body: JSON.stringify(body),
    }),
  );
}

/** Signs in through better-auth's HTTP handler and returns the session cookie. */
async function signIn(email: string, password: string): Promise<string> {
  const response = await post("/sign-in/email", { email, password });
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

async function isMember(teamId: string, userId: string) {
  return (await mod.service.listMembers(teamId)).find((m) => m.userId === userId) ?? null;
}

async function auditRows(teamId: string) {
  const db = await mod.db.getDb();
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("team_id", "=", teamId)
    .orderBy("id")
    .execute();
}

/** Team B's admin invites an existing account; returns the invitation's id. */
async function invite(
  teamId: string,
  admin: Person,
  email: string,
  role: "admin" | "operator" = "operator",
) {
  const outcome = await mod.service.addMember(teamId, admin.actor, { email, name: "x", role });
  if (!outcome.ok || outcome.value.kind !== "invitation") throw new Error("not invited");
  return outcome.value.invitation.invitationId;
}

// scrypt on a busy 2-core machine: a sequence of sign-ins and sign-ups takes several seconds.
describe("the takeover sequence of issue 7", { timeout: 30_000 }, () => {
  it("ends with the account outside team B until its owner accepts, with the role B chose", async () => {
    const a = await teamWithAdmin();
    const b = await teamWithAdmin();
    // Team A's admin adds new.hire@b.test: a new account, a one-time password.
    const added = await mod.service.addMember(a.teamId, a.admin.actor, {
      email: "new.hire@b.test",
      name: "New Hire",
      role: "operator",
    });
    if (!added.ok || added.value.kind !== "member") throw new Error("not added");
    const owner = added.value.member;
    // The owner signs in with it and sets a password of their own.
    const cookie = await signIn("new.hire@b.test", added.value.oneTimePassword);
    const changed = await post(
      "/change-password",
      { currentPassword: added.value.oneTimePassword, newPassword: "my-own-password-1" },
      cookie,
    );
    expect(changed.status).toBe(200);

    // Team B's admin adds the same email, as admin: an invitation is sent, nothing more.
    const outcome = await mod.service.addMember(b.teamId, b.admin.actor, {
      email: "New.Hire@b.test",
      name: "Mallory's pick",
      role: "admin",
    });
    expect(outcome).toMatchObject({
      ok: true,
      value: {
        kind: "invitation",
        invitation: { email: "new.hire@b.test", role: "admin", inviterEmail: b.admin.email },
      },
    });
    if (!outcome.ok || outcome.value.kind !== "invitation") return;
    const { invitation } = outcome.value;
    expect(invitation.expiresAt - invitation.createdAt).toBe(7 * 24 * 60 * 60 * 1000);
    expect(await isMember(b.teamId, owner.userId)).toBeNull();
    expect(await mod.invitations.listInvitations(b.teamId)).toEqual([invitation]);
    // better-auth's own route for invitations stays closed.
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const viaPlugin = await POST(
      new Request(`${APP}/api/auth/organization/accept-invitation`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: APP, cookie },
        body: JSON.stringify({ invitationId: invitation.invitationId }),
      }),
    );
    expect(viaPlugin.status).toBe(404);

    // Only the account's owner can accept it: team B's admin cannot, on their behalf.
    expect(
      await mod.invitations.acceptInvitation(b.admin.actor, invitation.invitationId),
    ).toMatchObject({
      ok: false,
      failure: { code: "INVITATION_NOT_FOUND" },
    });
    expect(await isMember(b.teamId, owner.userId)).toBeNull();

    // The owner sees it and accepts: now a member of B, with the role B chose.
    const ownerActor = { id: owner.userId, label: owner.email };
    expect(await mod.invitations.listMyInvitations(owner.userId)).toEqual([
      expect.objectContaining({
        invitationId: invitation.invitationId,
        role: "admin",
        inviterEmail: b.admin.email,
      }),
    ]);
    expect(
      await mod.invitations.acceptInvitation(ownerActor, invitation.invitationId),
    ).toMatchObject({
      ok: true,
      value: { teamId: b.teamId, role: "admin" },
    });
    expect(await isMember(b.teamId, owner.userId)).toMatchObject({ role: "admin" });
    expect(await mod.invitations.listMyInvitations(owner.userId)).toEqual([]);
    expect(await mod.invitations.listInvitations(b.teamId)).toEqual([]);
    // Accepting twice adds nothing.
    expect(
      await mod.invitations.acceptInvitation(ownerActor, invitation.invitationId),
    ).toMatchObject({
      ok: false,
      failure: { code: "INVITATION_NOT_FOUND" },
    });

    const rows = await auditRows(b.teamId);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "member.invite",
          actor: b.admin.email,
          outcome: "ok",
          detail: "new.hire@b.test as admin",
        }),
        expect.objectContaining({
          action: "invitation.accept",
          actor: b.admin.email,
          outcome: "refused",
          result: "INVITATION_NOT_FOUND",
        }),
        expect.objectContaining({
          action: "invitation.accept",
          actor: owner.email,
          actor_id: owner.userId,
          outcome: "ok",
        }),
      ]),
    );
    expect(rows.some((r) => r.action === "member.add" && r.outcome === "ok")).toBe(false);
  });
});

describe("an invitation", { timeout: 30_000 }, () => {
  it("declined leaves no membership, and cannot be accepted afterwards", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const user = await signUp("decliner");
    const id = await invite(teamId, admin, user.email, "admin");
    expect(await mod.invitations.declineInvitation(user.actor, id)).toMatchObject({ ok: true });
    expect(await isMember(teamId, user.id)).toBeNull();
    expect(await mod.invitations.acceptInvitation(user.actor, id)).toMatchObject({
      ok: false,
      failure: { code: "INVITATION_NOT_FOUND" },
    });
    expect(await isMember(teamId, user.id)).toBeNull();
    expect(await mod.invitations.listInvitations(teamId)).toEqual([]);
    expect(await auditRows(teamId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "invitation.decline", actor: user.email, outcome: "ok" }),
        expect.objectContaining({
          action: "invitation.accept",
          outcome: "refused",
          result: "INVITATION_NOT_FOUND",
        }),
      ]),
    );
  });

  it("revoked by the team's admin leaves no membership; another team's admin cannot revoke it", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const other = await teamWithAdmin();
    const user = await signUp("revoked");
    const id = await invite(teamId, admin, user.email);
    expect(
      await mod.invitations.revokeInvitation(other.teamId, other.admin.actor, id),
    ).toMatchObject({
      ok: false,
      failure: { code: "INVITATION_NOT_FOUND" },
    });
    expect(await mod.invitations.listInvitations(teamId)).toHaveLength(1);
    expect(await mod.invitations.revokeInvitation(teamId, admin.actor, id)).toEqual({
      ok: true,
      value: { invitationId: id },
    });
    expect(await mod.invitations.listMyInvitations(user.id)).toEqual([]);
    expect(await mod.invitations.acceptInvitation(user.actor, id)).toMatchObject({
      ok: false,
      failure: { code: "INVITATION_NOT_FOUND" },
    });
    expect(await isMember(teamId, user.id)).toBeNull();
    expect(await auditRows(teamId)).toContainEqual(
      expect.objectContaining({
        action: "invitation.revoke",
        actor: admin.email,
        outcome: "ok",
        detail: `${user.email} (operator)`,
      }),
    );
    expect(await auditRows(other.teamId)).toContainEqual(
      expect.objectContaining({
        action: "invitation.revoke",
        outcome: "refused",
        result: "INVITATION_NOT_FOUND",
      }),
    );
  });

  it("expires after 7 days: not shown, not accepted; inviting again replaces it", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const user = await signUp("late");
    const id = await invite(teamId, admin, user.email);
    // Backdated as if it had been sent 8 days ago.
    const db = await mod.db.getDb();
    const day = 24 * 60 * 60 * 1000;
    await db
      .updateTable("invitation")
      .set({
        createdAt: new Date(Date.now() - 8 * day).toISOString(),
        expiresAt: new Date(Date.now() - day).toISOString(),
      })
      .where("id", "=", id)
      .execute();
    expect(await mod.invitations.listMyInvitations(user.id)).toEqual([]);
    expect(await mod.invitations.acceptInvitation(user.actor, id)).toMatchObject({
      ok: false,
      failure: { code: "INVITATION_EXPIRED" },
    });
    expect(await isMember(teamId, user.id)).toBeNull();
    expect(await auditRows(teamId)).toContainEqual(
      expect.objectContaining({
        action: "invitation.accept",
        outcome: "refused",
        result: "INVITATION_EXPIRED",
      }),
    );
    const again = await invite(teamId, admin, user.email);
    expect(again).not.toBe(id);
    expect((await mod.invitations.listInvitations(teamId)).map((i) => i.invitationId)).toEqual([
      again,
    ]);
    expect(await mod.invitations.acceptInvitation(user.actor, again)).toMatchObject({ ok: true });
    expect(await isMember(teamId, user.id)).toMatchObject({ role: "operator" });
  });

  it("is refused while one is open for the same email (INVITATION_PENDING), and for a member", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const user = await signUp("twice");
    const id = await invite(teamId, admin, user.email);
    expect(
      await mod.service.addMember(teamId, admin.actor, {
        email: user.email,
        name: "x",
        role: "admin",
      }),
    ).toMatchObject({
      ok: false,
      failure: { code: "INVITATION_PENDING", params: { email: user.email } },
    });
    expect(await mod.invitations.listInvitations(teamId)).toEqual([
      expect.objectContaining({ invitationId: id, role: "operator" }),
    ]);
    await mod.invitations.acceptInvitation(user.actor, id);
    expect(
      await mod.service.addMember(teamId, admin.actor, {
        email: user.email,
        name: "x",
        role: "admin",
      }),
    ).toMatchObject({ ok: false, failure: { code: "MEMBER_EXISTS" } });
    expect(await auditRows(teamId)).toContainEqual(
      expect.objectContaining({
        action: "member.invite",
        outcome: "refused",
        result: "INVITATION_PENDING",
      }),
    );
  });

  it("cannot be accepted with a one-time password still unchanged", async () => {
    const a = await teamWithAdmin();
    const b = await teamWithAdmin();
    const added = await mod.service.addMember(a.teamId, a.admin.actor, {
      email: `${unique("fresh")}@x.local`,
      name: "Fresh",
      role: "operator",
    });
    if (!added.ok || added.value.kind !== "member") throw new Error("not added");
    const { member } = added.value;
    const id = await invite(b.teamId, b.admin, member.email);
    const actor = { id: member.userId, label: member.email };
    expect(await mod.invitations.acceptInvitation(actor, id)).toMatchObject({
      ok: false,
      failure: { code: "PASSWORD_CHANGE_REQUIRED" },
    });
    expect(await isMember(b.teamId, member.userId)).toBeNull();
  });

  it("names no team for an id that does not exist, and still audits the attempt", async () => {
    const user = await signUp("prober");
    expect(await mod.invitations.acceptInvitation(user.actor, "no-such-invitation")).toMatchObject({
      ok: false,
      failure: { code: "INVITATION_NOT_FOUND" },
    });
    const db = await mod.db.getDb();
    expect(
      await db.selectFrom("audit_log").selectAll().where("actor_id", "=", user.id).execute(),
    ).toEqual([
      expect.objectContaining({
        team_id: null,
        action: "invitation.accept",
        result: "INVITATION_NOT_FOUND",
      }),
    ]);
  });
});
