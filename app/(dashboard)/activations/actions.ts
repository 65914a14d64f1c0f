"use server";

import { z } from "zod";
import { performBulk } from "@/lib/activations/bulk";
import { type BulkRowResult, bulkInputSchema } from "@/lib/activations/bulk-plan";
import type { ActivationDto } from "@/lib/activations/dto";
import { orderNumber } from "@/lib/activations/order";
import { performAction } from "@/lib/activations/service";
import type { ActivationAction } from "@/lib/activations/state-machine";
import { invalidInput, memberAction, toResult } from "@/lib/actions/safe-action";
import { getTeamKey } from "@/lib/keys/provider-keys";
import { withMinPrice } from "@/lib/prices/min-price";
import { countryCodeField, operatorCodeField, serviceCodeField } from "@/lib/provider/codes";
import type { ActionResult } from "@/lib/result";

// Thin actions: check the caller (memberAction: signed in, member of a team), parse, delegate
// to lib/, return the envelope. The activation or key must belong to the caller's current team;
// the same state machine that greys out a button guards performAction on the server.

const ACTION_BY_STATUS: Record<3 | 6 | 8, ActivationAction> = { 3: "retry", 6: "finish", 8: "cancel" };

const setStatusInput = z.strictObject({
  // Activation ids are unique per key only: the key names which provider account acts.
  keyId: z.uuid(),
  id: z.string().regex(/^[0-9]{1,20}$/, "must be the activation's digits"),
  status: z.union([z.literal(3), z.literal(6), z.literal(8)]),
});

export const setActivationStatus = memberAction.metadata({ actionName: "setActivationStatus" })
  .inputSchema(setStatusInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) =>
    toResult(
      await performAction({
        teamId: ctx.team.teamId,
        keyId: parsedInput.keyId,
        activationId: parsedInput.id,
        action: ACTION_BY_STATUS[parsedInput.status],
        actor: ctx.actor,
      }),
    ),
  );

// Bulk Finish / Cancel: 1..BULK_MAX_ROWS distinct rows, each run as its own click (lib/activations/
// bulk.ts), each outcome translated as a single click's is. Refusals are per row, never all-or-none.
export const bulkSetStatus = memberAction.metadata({ actionName: "bulkSetStatus" })
  .inputSchema(bulkInputSchema, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput, ctx }) => {
    const { teamId } = ctx.team;
    const outcomes = await performBulk({ teamId, ...parsedInput, actor: ctx.actor });
    const results: BulkRowResult[] = [];
    for (const { keyId, id, outcome } of outcomes) {
      const { error } = await toResult(outcome);
      results.push(error ? { keyId, id, ok: false, error } : { keyId, id, ok: true });
    }
    const envelope: ActionResult<{ results: BulkRowResult[] }> = { data: { results } };
    return envelope;
  });

const orderInput = z.strictObject({
  keyId: z.uuid(),
  service: serviceCodeField,
  country: countryCodeField,
  maxPrice: z.number().positive().max(10_000).optional(),
  // Optional: smart buy and quick buys order without one. "any" is the same as none.
  operator: operatorCodeField.optional(),
  orderId: z.uuid(),
});

export const orderNumberAction = memberAction.metadata({ actionName: "orderNumberAction" })
  .inputSchema(orderInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput: { keyId, ...order }, ctx }) => {
    const key = await getTeamKey(ctx.team.teamId, keyId, { enabledOnly: true });
    if (!key) return toResult<ActivationDto>({ ok: false, failure: { code: "KEY_UNAVAILABLE" } });
    const outcome = await orderNumber(key, order, ctx.actor);
    // On WRONG_MAX_PRICE the error carries the provider's minimum: the dialog offers to buy at it.
    return withMinPrice(await toResult(outcome), outcome);
  });
