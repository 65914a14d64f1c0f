"use server";

import { z } from "zod";
import { adminAction, invalidInput, toResult } from "@/lib/actions/safe-action";
import { setKeyLimits, setMemberLimit } from "@/lib/limits/store";

// Spending limits (admins only; adminAction re-checks the session and role on every call). The
// key or member is looked up within the caller's current team, so another team's is not found.

/** An amount in the key's currency, or null for none. */
const amount = z.number().min(0).max(1_000_000).nullable();

export const setKeyLimitsAction = adminAction.metadata({ actionName: "setKeyLimitsAction" })
  .inputSchema(z.strictObject({ keyId: z.uuid(), dailyLimit: amount, lowBalanceThreshold: amount }), {
    handleValidationErrorsShape: invalidInput,
  })
  .action(async ({ parsedInput: { keyId, ...limits }, ctx }) =>
    toResult(await setKeyLimits(ctx.team.teamId, ctx.actor, keyId, limits)),
  );

export const setMemberLimitAction = adminAction.metadata({ actionName: "setMemberLimitAction" })
  .inputSchema(z.strictObject({ memberId: z.string().min(1).max(64), dailyLimit: amount }), {
    handleValidationErrorsShape: invalidInput,
  })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await setMemberLimit(ctx.team.teamId, ctx.actor, parsedInput.memberId, parsedInput.dailyLimit)),
  );
