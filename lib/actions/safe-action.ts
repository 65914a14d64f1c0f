import "server-only";
import { createSafeActionClient, returnServerError } from "next-safe-action";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/authorize";
import { getSessionContext } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { log } from "@/lib/log";
import type { ActionError, ActionResult, Outcome } from "@/lib/result";
import { phase, timedRun } from "@/lib/timing";

// Every server action is a public POST endpoint: anyone can replay it with any input. So every
// action is built from one of three builders below, one per trust level, and each re-checks the
// session and the role on the server before the input is even parsed. Expected failures come
// back in the one envelope; unexpected ones are logged here and shown as a generic message.

export const actionClient = createSafeActionClient({
  // Every action names itself (`.metadata({ actionName })`, required before `.action()`), so a
  // failure's log line and a refused admin action's audit row say which action it was.
  defineMetadataSchema: () => z.object({ actionName: z.string().regex(/^[a-z][A-Za-z]{2,60}$/) }),
  async handleServerError(error, { metadata }): Promise<ActionError> {
    log.error({ err: error.name, action: metadata?.actionName }, "server action failed");
    return translateFailure({ code: "UNEXPECTED" });
  },
});


/** Signed in (any user). */
export const signedInAction = actionClient.use(({ next, metadata }) =>
  // At LOG_LEVEL=debug, one line per action with the time of each phase (lib/timing.ts).
  timedRun(metadata.actionName, async () => {
    const access = authorize(await getSessionContext(), "signedIn");
    phase("session");
    if (!access.ok) returnServerError(await translateFailure({ code: access.refusal }));
    const { session } = access;
    const actor: Actor = { id: session.userId, label: session.email };
    return next({ ctx: { session, actor } });
  }),
);

/** A member of a team, acting in their current team (after replacing a one-time password). */
export const memberAction = signedInAction.use(async ({ next, ctx }) => {
  const access = authorize(ctx.session, "member");
  if (!access.ok) returnServerError(await translateFailure({ code: access.refusal }));
  return next({ ctx: { team: access.team } });
});

/** An admin of their current team. A refusal is audited: it is someone trying what they may not. */
export const adminAction = memberAction.use(async ({ next, ctx, metadata }) => {
  const access = authorize(ctx.session, "admin");
  if (!access.ok) {
    await appendAudit(await getDb(), {
      team_id: ctx.team.teamId,
      actor_id: ctx.actor.id,
      actor: ctx.actor.label,
      action: "auth.refused",
      detail: metadata.actionName,
      outcome: "refused",
      result: access.refusal,
    });
    returnServerError(await translateFailure({ code: access.refusal }));
  }
  return next();
});

/** Validation errors as the one envelope's error: a code and a readable list of what was wrong. */
export async function invalidInput(validationErrors: unknown): Promise<ActionError> {
  const details = collectMessages(validationErrors).slice(0, 5).join("; ");
  return translateFailure({ code: "INVALID_INPUT", params: { details } });
}

function collectMessages(node: unknown, path = ""): string[] {
  if (!node || typeof node !== "object") return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "_errors" && Array.isArray(value)) {
      out.push(...value.map((m) => (path ? `${path}: ${m}` : String(m))));
    } else {
      out.push(...collectMessages(value, path ? `${path}.${key}` : key));
    }
  }
  return out;
}

/** The service's outcome as the envelope, translated for the user. */
export async function toResult<T>(outcome: Outcome<T>): Promise<ActionResult<T>> {
  return outcome.ok ? { data: outcome.value } : { error: await translateFailure(outcome.failure) };
}
