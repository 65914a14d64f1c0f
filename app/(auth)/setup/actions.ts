"use server";

import { headers } from "next/headers";
import { actionClient, invalidInput, toResult } from "@/lib/actions/safe-action";
import { clientAddress, directClientAddress } from "@/lib/net/client-address";
import { setupInput } from "@/lib/setup/setup-input";
import { runSetupAsVisitor } from "@/lib/setup/service";

// The one action anyone may call: it works only while there are no users at all (runSetup
// claims a one-time mark), so after the first run it refuses everyone. From another machine
// than the server it also needs the setup token from the server's log.
export const setupAction = actionClient.metadata({ actionName: "setupAction" })
  .inputSchema(setupInput, { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput }) => {
    const { setupToken, ...input } = parsedInput;
    const requestHeaders = await headers();
    const outcome = await runSetupAsVisitor(input, {
      address: directClientAddress(requestHeaders),
      from: clientAddress(requestHeaders),
      token: setupToken,
    });
    return toResult(outcome.ok ? { ok: true, value: { done: true } } : outcome);
  });
