import "server-only";
import { NextResponse } from "next/server";
import type { FailureCode } from "@/lib/failure-codes";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { getSessionContext, type SessionContext, type TeamMembership } from "./session";

// The route-handler twin of the action builders: every GET the browser polls is checked too.

type MemberContext = { session: SessionContext; team: TeamMembership };

async function refuse(status: 401 | 403, code: FailureCode) {
  return NextResponse.json({ error: await translateFailure({ code }) }, { status });
}

export function withMember(handler: (ctx: MemberContext, request: Request) => Promise<Response>) {
  return async (request: Request) => {
    const session = await getSessionContext();
    if (!session) return refuse(401, "SIGNED_OUT");
    if (session.mustChangePassword) return refuse(403, "PASSWORD_CHANGE_REQUIRED");
    if (!session.team) return refuse(403, "NO_TEAM");
    return handler({ session, team: session.team }, request);
  };
}

export function withAdmin(handler: (ctx: MemberContext, request: Request) => Promise<Response>) {
  return withMember(async (ctx, request) =>
    ctx.team.role === "admin" ? handler(ctx, request) : refuse(403, "ADMIN_ONLY"),
  );
}
