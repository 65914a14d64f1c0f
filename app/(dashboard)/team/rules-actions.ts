"use server";

import { z } from "zod";
import { adminAction, invalidInput, toResult } from "@/lib/actions/safe-action";
import { MAX_FINISH_MINUTES } from "@/lib/rules/evaluate";
import { saveTeamRules } from "@/lib/rules/settings";

// The team's automatic rules (lib/rules): admins only, the caller's current team only. Whole
// minutes, each rule off with null; X is checked against the team's keys by the service.

const minutes = (max: number) => z.number().int().min(1).max(max).nullable();

export const saveTeamRulesAction = adminAction.metadata({ actionName: "saveTeamRulesAction" })
  .inputSchema(
    z.strictObject({ cancelNoSmsMinutes: minutes(24 * 60), finishAfterCodeMinutes: minutes(MAX_FINISH_MINUTES) }),
    { handleValidationErrorsShape: invalidInput },
  )
  .action(async ({ parsedInput, ctx }) => toResult(await saveTeamRules(ctx.team.teamId, ctx.actor, parsedInput)));
