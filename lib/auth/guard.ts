import "server-only";
import { NextResponse } from "next/server";
import type { FailureCode } from "@/lib/failure-codes";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { authorize } from "./authorize";
import { getSessionContext, type SessionContext, type TeamMembership } from "./session";

// The route-handler twin of the action builders: every GET the browser polls is checked too,
// by the same rule (./authorize.ts); signed out is 401, anything else refused 403.

type MemberContext = { session: SessionContext; team: TeamMembership };
type Handler = (ctx: MemberContext, request: Request) => Promise<Response>;

async function refuse(status: 401 | 403, code: FailureCode) {
  return NextResponse.json({ error: await translateFailure({ code }) }, { status });
}

function guarded(level: "member" | "admin", handler: Handler) {
  return async (request: Request) => {
    const access = authorize(await getSessionContext(), level);
    if (!access.ok) return refuse(access.refusal === "SIGNED_OUT" ? 401 : 403, access.refusal);
    return handler({ session: access.session, team: access.team }, request);
  };
}

export const withMember = (handler: Handler) => guarded("member", handler);

export const withAdmin = (handler: Handler) => guarded("admin", handler);
