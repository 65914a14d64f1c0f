"use server";

import { z } from "zod";
import { adminAction, invalidInput, toResult } from "@/lib/actions/safe-action";
import { PRESET_IDS } from "@/lib/keys/presets";
import { forgetPricesOfKey } from "@/lib/prices/read-prices";
import { createKey, deleteKey, rotateKey, setKeyEnabled, testKey } from "@/lib/keys/service";
import type { Actor } from "@/lib/auth/actor";
import type { Outcome } from "@/lib/result";
import { endSmartBuysOfKey } from "@/lib/smart-buy/store";
import { rotateWebhookToken, setWebhookSources } from "@/lib/webhooks/settings";

// Admins only (adminAction re-checks the session and role on every call). Every key id is
// looked up within the caller's current team, so another team's key is simply not found.

const secret = z.string().trim().min(8, "must be at least 8 characters").max(200).regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");
const keyId = z.strictObject({ keyId: z.uuid() });

/** A key switched off or deleted ends its running smart buys (lib/smart-buy/store.ts). */
async function endSmartBuysWhenOff<T>(
  ctx: { team: { teamId: string }; actor: Actor },
  keyId: string,
  enabled: boolean,
  outcome: Outcome<T>,
): Promise<Outcome<T>> {
  if (outcome.ok && !enabled) {
    await endSmartBuysOfKey(ctx.team.teamId, ctx.actor, keyId);
    forgetPricesOfKey(keyId);
  }
  return outcome;
}

export const createKeyAction = adminAction.metadata({ actionName: "createKeyAction" })
  .inputSchema(
    z.strictObject({
      name: z.string().trim().min(1).max(60),
      provider: z.enum(PRESET_IDS),
      baseUrl: z.url({ protocol: /^https?$/ }).max(300).optional(),
      secret,
      // Providers differ: 1-5 min seen for the no-cancel window, 15-60 min for the lifetime.
      earlyCancelSeconds: z.number().int().min(0).max(600).optional(),
      lifetimeSeconds: z.number().int().min(300).max(7200).optional(),
    }),
    { handleValidationErrorsShape: invalidInput },
  )
  .action(async ({ parsedInput, ctx }) => toResult(await createKey(ctx.team.teamId, ctx.actor, parsedInput)));

export const testKeyAction = adminAction.metadata({ actionName: "testKeyAction" })
  .inputSchema(keyId, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) => toResult(await testKey(ctx.team.teamId, ctx.actor, parsedInput.keyId)));

export const rotateKeyAction = adminAction.metadata({ actionName: "rotateKeyAction" })
  .inputSchema(z.strictObject({ keyId: z.uuid(), secret }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) => {
    const outcome = await rotateKey(ctx.team.teamId, ctx.actor, parsedInput.keyId, parsedInput.secret);
    // Maybe another account now: its prices, not the old one's.
    if (outcome.ok) forgetPricesOfKey(parsedInput.keyId);
    return toResult(outcome);
  });

export const setKeyEnabledAction = adminAction.metadata({ actionName: "setKeyEnabledAction" })
  .inputSchema(z.strictObject({ keyId: z.uuid(), enabled: z.boolean() }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await endSmartBuysWhenOff(ctx, parsedInput.keyId, parsedInput.enabled, await setKeyEnabled(ctx.team.teamId, ctx.actor, parsedInput.keyId, parsedInput.enabled))),
  );

export const deleteKeyAction = adminAction.metadata({ actionName: "deleteKeyAction" })
  .inputSchema(z.strictObject({ keyId: z.uuid(), confirmed: z.boolean() }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await endSmartBuysWhenOff(ctx, parsedInput.keyId, false, await deleteKey(ctx.team.teamId, ctx.actor, parsedInput.keyId, parsedInput.confirmed))),
  );

export const rotateWebhookAction = adminAction.metadata({ actionName: "rotateWebhookAction" })
  .inputSchema(keyId, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) => toResult(await rotateWebhookToken(ctx.team.teamId, ctx.actor, parsedInput.keyId)));

export const setWebhookSourcesAction = adminAction.metadata({ actionName: "setWebhookSourcesAction" })
  // The list is parsed (addresses, CIDRs) by setWebhookSources; here only its size is bounded.
  .inputSchema(z.strictObject({ keyId: z.uuid(), sources: z.string().max(2000) }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(await setWebhookSources(ctx.team.teamId, ctx.actor, parsedInput.keyId, parsedInput.sources)),
  );
