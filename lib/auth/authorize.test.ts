import { describe, expect, it } from "vitest";
import { type AccessLevel, authorize } from "./authorize";
import type { SessionContext } from "./session";

const team = (role: "admin" | "operator") => ({ teamId: "t1", teamName: "Team", role });
const session = (over: Partial<SessionContext> = {}): SessionContext => ({
  userId: "u1",
  email: "u1@example.test",
  name: "U1",
  teams: [team("admin")],
  team: team("admin"),
  mustChangePassword: false,
  ...over,
});

const SESSIONS = {
  "signed out": null,
  "one-time password": session({ mustChangePassword: true }),
  "no team": session({ teams: [], team: null }),
  operator: session({ team: team("operator"), teams: [team("operator")] }),
  admin: session(),
};

// What each kind of caller gets at each level: null passes, else the refusal's code.
const EXPECTED: Record<keyof typeof SESSIONS, Record<AccessLevel, string | null>> = {
  "signed out": { signedIn: "SIGNED_OUT", member: "SIGNED_OUT", admin: "SIGNED_OUT" },
  "one-time password": { signedIn: null, member: "PASSWORD_CHANGE_REQUIRED", admin: "PASSWORD_CHANGE_REQUIRED" },
  "no team": { signedIn: null, member: "NO_TEAM", admin: "NO_TEAM" },
  operator: { signedIn: null, member: null, admin: "ADMIN_ONLY" },
  admin: { signedIn: null, member: null, admin: null },
};

describe("authorize", () => {
  for (const [who, s] of Object.entries(SESSIONS) as [keyof typeof SESSIONS, SessionContext | null][]) {
    for (const level of ["signedIn", "member", "admin"] as const) {
      it(`${who} at ${level}: ${EXPECTED[who][level] ?? "allowed"}`, () => {
        const access = level === "signedIn" ? authorize(s, level) : authorize(s, level);
        expect(access.ok ? null : access.refusal).toBe(EXPECTED[who][level]);
        if (access.ok) expect(access.session).toBe(s);
      });
    }
  }

  it("hands the team over to a member and an admin", () => {
    const access = authorize(session(), "admin");
    expect(access.ok && access.team).toEqual(team("admin"));
  });
});
