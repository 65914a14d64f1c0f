"use server";

import { z } from "zod";
import { orderNumber } from "@/lib/activations/order";
import { performAction } from "@/lib/activations/service";
import type { ActivationAction } from "@/lib/activations/state-machine";
import { actionClient, invalidInput, toResult } from "@/lib/actions/safe-action";
import { currentKey } from "@/lib/keys/provider-keys";

// Thin actions: parse, delegate to lib/, return the envelope. The same state machine that
// greys out a button guards performAction on the server.

/** Until sign-in exists (issue 3) every action is recorded as done by "operator". */
const ACTOR = "operator";

const ACTION_BY_STATUS: Record<3 | 6 | 8, ActivationAction> = { 3: "retry", 6: "finish", 8: "cancel" };

const setStatusInput = z.strictObject({
  id: z.string().regex(/^[0-9]{1,20}$/, "must be the activation's digits"),
  status: z.union([z.literal(3), z.literal(6), z.literal(8)]),
});

export const setActivationStatus = actionClient
  .inputSchema(setStatusInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput }) =>
    toResult(
      await performAction({
        key: currentKey(),
        activationId: parsedInput.id,
        action: ACTION_BY_STATUS[parsedInput.status],
        actor: ACTOR,
      }),
    ),
  );

const orderInput = z.strictObject({
  service: z.string().regex(/^[a-z0-9_]{1,16}$/i, "must be a service code"),
  country: z.string().regex(/^[0-9]{1,4}$/, "must be a country number"),
  maxPrice: z.number().positive().max(10_000).optional(),
  orderId: z.uuid(),
});

export const orderNumberAction = actionClient
  .inputSchema(orderInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput }) => toResult(await orderNumber(currentKey(), parsedInput, ACTOR)));
