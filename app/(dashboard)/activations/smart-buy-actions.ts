"use server";

import { invalidInput, memberAction, toResult } from "@/lib/actions/safe-action";
import {
  quickBuyIdInput,
  quickBuyInput,
  smartBuyInput,
  stopSmartBuyInput,
} from "@/lib/smart-buy/input";
import { deleteQuickBuy, runQuickBuy, saveQuickBuy } from "@/lib/smart-buy/quick-buys";
import { startSmartBuy, stopSmartBuy } from "@/lib/smart-buy/store";

// Smart buy ("Keep trying"): any member starts one on a key of their team, and any member of the
// team stops any of the team's (lib/smart-buy/store.ts; both audited). The key's sync holder runs
// it on the server (lib/smart-buy/runner.ts); the panel reads it from GET /api/smart-buys.
// Quick buys are saved plans (shared or personal): one click starts a smart buy as the clicker.

export const startSmartBuyAction = memberAction.metadata({ actionName: "startSmartBuyAction" })
  .inputSchema(smartBuyInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await startSmartBuy(ctx.team.teamId, ctx.actor, parsedInput)),
  );

export const stopSmartBuyAction = memberAction.metadata({ actionName: "stopSmartBuyAction" })
  .inputSchema(stopSmartBuyInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await stopSmartBuy(ctx.team.teamId, ctx.actor, parsedInput.id)),
  );

const callerOf = (ctx: {
  team: { teamId: string; role: string };
  actor: { id: string; label: string };
}) => ({
  teamId: ctx.team.teamId,
  actor: ctx.actor,
  isAdmin: ctx.team.role === "admin",
});

export const saveQuickBuyAction = memberAction.metadata({ actionName: "saveQuickBuyAction" })
  .inputSchema(quickBuyInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) => toResult(await saveQuickBuy(callerOf(ctx), parsedInput)));

export const deleteQuickBuyAction = memberAction.metadata({ actionName: "deleteQuickBuyAction" })
  .inputSchema(quickBuyIdInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await deleteQuickBuy(callerOf(ctx), parsedInput.id)),
  );

export const runQuickBuyAction = memberAction.metadata({ actionName: "runQuickBuyAction" })
  .inputSchema(quickBuyIdInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await runQuickBuy(callerOf(ctx), parsedInput.id)),
  );
