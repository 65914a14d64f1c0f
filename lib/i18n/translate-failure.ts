import "server-only";
import { getTranslations } from "next-intl/server";
import type { ActionError, Failure } from "@/lib/result";

/**
 * Turns a failure code into a message in the user's language. Our own codes live under
 * `errors`, provider tokens under `providerErrors`; anything else becomes the generic message,
 * so no internal text ever reaches the browser.
 */
export async function translateFailure(failure: Failure): Promise<ActionError> {
  const t = await getTranslations();
  const params = { until: "?", minPrice: "?", details: "", ...failure.params };
  for (const namespace of ["errors", "providerErrors"]) {
    const key = `${namespace}.${failure.code}`;
    if (t.has(key)) return { code: failure.code, message: t(key, params) };
  }
  return { code: "UNEXPECTED", message: t("errors.UNEXPECTED") };
}
