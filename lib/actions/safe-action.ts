import "server-only";
import { createSafeActionClient } from "next-safe-action";
import { getTranslations } from "next-intl/server";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { log } from "@/lib/log";
import type { ActionError, ActionResult, Outcome } from "@/lib/result";

// Every server action is a public POST endpoint. This client is the one way to define them:
// input parsed by a zod schema, unexpected errors logged here and shown as a generic message
// (never err.message, which could carry internals). Trust levels (signed in, team member,
// admin) become `.use()` middlewares on it when accounts arrive.
export const actionClient = createSafeActionClient({
  async handleServerError(error) {
    log.error({ err: error.name }, "server action failed");
    const t = await getTranslations();
    return t("errors.UNEXPECTED");
  },
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
