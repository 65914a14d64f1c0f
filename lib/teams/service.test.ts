import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/lib/testing/test-database";

// The team service against a real SQLite file and a real better-auth: accounts are created with
// a one-time password that works once handed over, the last admin of a team always stays, a
// member id of another team is never acted on, and every change leaves an audit row with the
// acting admin and no password. Existing accounts join by invitation (./invitations.test.ts):
// `join` below invites and accepts, as their owner would.

let dir: string;
let mod: {
  service: typeof import("./service");
  db: typeof import("@/lib/db");
  auth: typeof import("@/lib/auth/auth");
  invitations: typeof import("./invitations");
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-teams-"));
  process.env.DATABASE_URL = await testDatabaseUrl(dir, "test.db");
  process.env.SMS_DESK_SECRET = "unit-test-master-secret-0123456789abcdef";
  process.env.LOG_LEVEL = "silent";
  mod = {
    service: await import("./service"),
    db: await import("@/lib/db"),
    auth: await import("@/lib/auth/auth"),
    invitations: await import("./invitations"),
  };
  await mod.db.getDb();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Date.now().toString(36)}`;
const PASSWORD = "correct-horse-battery";

async function signUp(label: string) {
  const email = `${unique(label)}@x.local`;
  const { user } = await mod.auth
    .getAuth()
    .api.signUpEmail({ body: { email, name: label, password: PASSWORD } });
  return { id: user.id, email, actor: { id: user.id, label: email } };
}

/** A team created by a fresh admin, as the app does it. */
async function teamWithAdmin() {
  const admin = await signUp("admin");
  const created = await mod.service.createTeam(admin.actor, unique("Team"));
  if (!created.ok) throw new Error(created.failure.code);
  return { admin, teamId: created.value.teamId };
}

/** An existing account joins the team: the admin invites it, its owner accepts. */
async function join(
  teamId: string,
  admin: { actor: { id: string; label: string } },
  user: { email: string; actor: { id: string; label: string } },
  role: "admin" | "operator",
) {
  const invited = await mod.service.addMember(teamId, admin.actor, { email: user.email, name: "x", role });
  if (!invited.ok || invited.value.kind !== "invitation") throw new Error("not invited");
  const accepted = await mod.invitations.acceptInvitation(user.actor, invited.value.invitation.invitationId);
  if (!accepted.ok) throw new Error(accepted.failure.code);
}

async function memberIdOf(teamId: string, userId: string): Promise<string> {
  const members = await mod.service.listMembers(teamId);
  const member = members.find((m) => m.userId === userId);
  if (!member) throw new Error("not a member");
  return member.memberId;
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

describe("createTeam", () => {
  it("makes its creator the team's admin and audits it", async () => {
    const admin = await signUp("creator");
    const created = await mod.service.createTeam(admin.actor, "Night shift");
    expect(created).toMatchObject({ ok: true, value: { teamName: "Night shift" } });
    if (!created.ok) return;
    expect(await mod.service.listMembers(created.value.teamId)).toEqual([
      expect.objectContaining({ userId: admin.id, email: admin.email, role: "admin" }),
    ]);
    expect(await auditRows(created.value.teamId)).toEqual([
      expect.objectContaining({
        action: "team.create",
        actor: admin.email,
        actor_id: admin.id,
        outcome: "ok",
      }),
    ]);
  });
});

describe("addMember", () => {
  it("creates an account with a one-time password returned once, which signs in", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const email = `${unique("new")}@X.local`;
    const added = await mod.service.addMember(teamId, admin.actor, {
      email,
      name: "New Op",
      role: "operator",
    });
    if (!added.ok || added.value.kind !== "member") throw new Error("no member added");
    const password = added.value.oneTimePassword;
    expect(password).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(added.value.member).toMatchObject({
      email: email.toLowerCase(),
      name: "New Op",
      role: "operator",
    });
    const signedIn = await mod.auth
      .getAuth()
      .api.signInEmail({ body: { email: email.toLowerCase(), password: password ?? "" } });
    expect(signedIn.user.email).toBe(email.toLowerCase());
    // The member DTO carries only what the page shows.
    expect(Object.keys(added.value.member).sort()).toEqual([
      "createdAt",
      "email",
      "memberId",
      "name",
      "oneTimePasswordExpiresAt",
      "role",
      "userId",
    ]);
  });

  it("invites an existing user instead of adding them, and leaves their account alone", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const existing = await signUp("existing");
    const added = await mod.service.addMember(teamId, admin.actor, {
      email: existing.email,
      name: "Ignored",
      role: "admin",
    });
    expect(added).toMatchObject({
      ok: true,
      value: { kind: "invitation", invitation: { email: existing.email, role: "admin" } },
    });
    expect(JSON.stringify(added)).not.toMatch(/oneTimePassword/);
    expect((await mod.service.listMembers(teamId)).map((m) => m.userId)).not.toContain(existing.id);
    const signedIn = await mod.auth
      .getAuth()
      .api.signInEmail({ body: { email: existing.email, password: PASSWORD } });
    expect(signedIn.user).toMatchObject({ id: existing.id, name: "existing" });
  });

  it("refuses someone who is already a member (MEMBER_EXISTS), and audits the refusal", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const op = await signUp("op");
    await join(teamId, admin, op, "operator");
    expect(
      await mod.service.addMember(teamId, admin.actor, {
        email: op.email,
        name: "op",
        role: "admin",
      }),
    ).toMatchObject({
      ok: false,
      failure: { code: "MEMBER_EXISTS" },
    });
    expect(
      await mod.service.addMember(teamId, admin.actor, {
        email: admin.email,
        name: "me",
        role: "admin",
      }),
    ).toMatchObject({
      ok: false,
      failure: { code: "MEMBER_EXISTS" },
    });
    expect((await mod.service.listMembers(teamId)).filter((m) => m.userId === op.id)).toHaveLength(
      1,
    );
    expect(await auditRows(teamId)).toContainEqual(
      expect.objectContaining({
        action: "member.add",
        outcome: "refused",
        result: "MEMBER_EXISTS",
        actor: admin.email,
      }),
    );
  });

  it("adds one member for two simultaneous adds of the same new email", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const email = `${unique("twice")}@x.local`;
    const input = { email, name: "Twice", role: "operator" as const };
    const outcomes = await Promise.all([
      mod.service.addMember(teamId, admin.actor, input),
      mod.service.addMember(teamId, admin.actor, input),
    ]);
    expect(outcomes.some((o) => o.ok && o.value.kind === "member" && o.value.oneTimePassword)).toBe(
      true,
    );
    expect((await mod.service.listMembers(teamId)).filter((m) => m.email === email)).toHaveLength(
      1,
    );
  });

  it("refuses a team that does not exist", async () => {
    const admin = await signUp("lost");
    expect(
      await mod.service.addMember("no-such-team", admin.actor, {
        email: "x@x.local",
        name: "x",
        role: "operator",
      }),
    ).toMatchObject({
      ok: false,
      failure: { code: "TEAM_NOT_FOUND" },
    });
  });
});

describe("changeRole", () => {
  it("changes a member's role and audits from what to what", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const op = await signUp("promoted");
    await join(teamId, admin, op, "operator");
    const memberId = await memberIdOf(teamId, op.id);
    expect(await mod.service.changeRole(teamId, admin.actor, memberId, "admin")).toMatchObject({
      ok: true,
      value: { role: "admin" },
    });
    expect((await mod.service.listMembers(teamId)).find((m) => m.userId === op.id)?.role).toBe(
      "admin",
    );
    expect(await auditRows(teamId)).toContainEqual(
      expect.objectContaining({
        action: "member.role",
        outcome: "ok",
        actor_id: admin.id,
        detail: `${op.email}: operator to admin`,
      }),
    );
  });

  it("refuses to demote the last admin (LAST_ADMIN)", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const memberId = await memberIdOf(teamId, admin.id);
    expect(await mod.service.changeRole(teamId, admin.actor, memberId, "operator")).toMatchObject({
      ok: false,
      failure: { code: "LAST_ADMIN" },
    });
    expect((await mod.service.listMembers(teamId))[0]?.role).toBe("admin");
    expect(await auditRows(teamId)).toContainEqual(
      expect.objectContaining({ action: "member.role", outcome: "refused", result: "LAST_ADMIN" }),
    );
  });

  it("lets exactly one of two simultaneous demotions of the last two admins through", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const second = await signUp("second");
    await join(teamId, admin, second, "admin");
    const [a, b] = [await memberIdOf(teamId, admin.id), await memberIdOf(teamId, second.id)];
    const outcomes = await Promise.all([
      mod.service.changeRole(teamId, admin.actor, b, "operator"),
      mod.service.changeRole(teamId, second.actor, a, "operator"),
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)).toMatchObject({ failure: { code: "LAST_ADMIN" } });
    expect((await mod.service.listMembers(teamId)).filter((m) => m.role === "admin")).toHaveLength(
      1,
    );
  });

  it("never acts on another team's member (MEMBER_NOT_FOUND)", async () => {
    const mine = await teamWithAdmin();
    const theirs = await teamWithAdmin();
    const victim = await memberIdOf(theirs.teamId, theirs.admin.id);
    expect(
      await mod.service.changeRole(mine.teamId, mine.admin.actor, victim, "operator"),
    ).toMatchObject({
      ok: false,
      failure: { code: "MEMBER_NOT_FOUND" },
    });
    expect(await mod.service.removeMember(mine.teamId, mine.admin.actor, victim)).toMatchObject({
      ok: false,
      failure: { code: "MEMBER_NOT_FOUND" },
    });
    expect(await mod.service.listMembers(theirs.teamId)).toEqual([
      expect.objectContaining({ memberId: victim, role: "admin" }),
    ]);
    expect(await auditRows(mine.teamId)).toContainEqual(
      expect.objectContaining({
        action: "member.remove",
        outcome: "refused",
        result: "MEMBER_NOT_FOUND",
        actor: mine.admin.email,
      }),
    );
  });
});

describe("removeMember", () => {
  it("removes an operator and keeps their account", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const op = await signUp("leaving");
    await join(teamId, admin, op, "operator");
    const memberId = await memberIdOf(teamId, op.id);
    expect(await mod.service.removeMember(teamId, admin.actor, memberId)).toEqual({
      ok: true,
      value: { memberId },
    });
    expect((await mod.service.listMembers(teamId)).map((m) => m.userId)).toEqual([admin.id]);
    expect(await auditRows(teamId)).toContainEqual(
      expect.objectContaining({
        action: "member.remove",
        outcome: "ok",
        detail: `${op.email} (operator)`,
      }),
    );
    const signedIn = await mod.auth
      .getAuth()
      .api.signInEmail({ body: { email: op.email, password: PASSWORD } });
    expect(signedIn.user.id).toBe(op.id);
  });

  it("refuses to remove the last admin, even themselves (LAST_ADMIN)", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const memberId = await memberIdOf(teamId, admin.id);
    expect(await mod.service.removeMember(teamId, admin.actor, memberId)).toMatchObject({
      ok: false,
      failure: { code: "LAST_ADMIN" },
    });
    expect(await mod.service.listMembers(teamId)).toHaveLength(1);
  });

  it("lets an admin leave while another admin remains, but not both at once", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const other = await signUp("other");
    await join(teamId, admin, other, "admin");
    const [mine, theirs] = [await memberIdOf(teamId, admin.id), await memberIdOf(teamId, other.id)];
    const outcomes = await Promise.all([
      mod.service.removeMember(teamId, admin.actor, mine),
      mod.service.removeMember(teamId, other.actor, theirs),
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)).toMatchObject({ failure: { code: "LAST_ADMIN" } });
    expect(await mod.service.listMembers(teamId)).toEqual([
      expect.objectContaining({ role: "admin" }),
    ]);
  });
});

describe("setActiveTeam", () => {
  it("switches the session to a team of the user's, and refuses any other", async () => {
    const first = await teamWithAdmin();
    const second = await mod.service.createTeam(first.admin.actor, unique("Second"));
    const stranger = await teamWithAdmin();
    if (!second.ok) throw new Error(second.failure.code);
    const auth = mod.auth.getAuth();
    const signIn = await auth.api.signInEmail({
      body: { email: first.admin.email, password: PASSWORD },
      returnHeaders: true,
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const headers = new Headers({ cookie });
    expect(await mod.service.setActiveTeam(headers, first.admin.id, second.value.teamId)).toEqual({
      ok: true,
      value: { teamId: second.value.teamId },
    });
    const session = await auth.api.getSession({ headers });
    const active = (session?.session as { activeOrganizationId?: string } | undefined)
      ?.activeOrganizationId;
    expect(active).toBe(second.value.teamId);
    expect(await mod.service.setActiveTeam(headers, first.admin.id, stranger.teamId)).toMatchObject(
      {
        ok: false,
        failure: { code: "TEAM_NOT_FOUND" },
      },
    );
  });
});

describe("the audit log", () => {
  it("holds no password, one-time or not", async () => {
    const { admin, teamId } = await teamWithAdmin();
    const added = await mod.service.addMember(teamId, admin.actor, {
      email: `${unique("secret")}@x.local`,
      name: "S",
      role: "operator",
    });
    if (!added.ok || added.value.kind !== "member") throw new Error("no account created");
    const db = await mod.db.getDb();
    const all = JSON.stringify(await db.selectFrom("audit_log").selectAll().execute());
    expect(all).not.toContain(added.value.oneTimePassword);
    expect(all).not.toContain(PASSWORD);
    expect(await auditRows(teamId)).toContainEqual(
      expect.objectContaining({
        action: "member.add",
        actor: admin.email,
        actor_id: admin.id,
        outcome: "ok",
        detail: expect.stringMatching(/ as operator \(new account\)$/),
      }),
    );
  });
});
