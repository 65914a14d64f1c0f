"use server";

import { z } from "zod";
import { actionClient, invalidInput, toResult } from "@/lib/actions/safe-action";
import { runSetup } from "@/lib/setup/service";

// The one action anyone may call: it works only while there are no users at all (runSetup
// claims a one-time mark), so after the first run it refuses everyone.
const setupInput = z.strictObject({
  teamName: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(100),
  email: z.email().max(200),
  password: z.string().min(10).max(200),
});

export const setupAction = actionClient
  .inputSchema(setupInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput }) => {
    const outcome = await runSetup(parsedInput);
    return toResult(outcome.ok ? { ok: true, value: { done: true } } : outcome);
  });
