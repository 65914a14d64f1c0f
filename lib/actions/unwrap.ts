import type { ActionError, ActionResult } from "@/lib/result";

type SafeResult<T> = {
  data?: ActionResult<T>;
  serverError?: ActionError;
  validationErrors?: ActionError;
};

/** What calling a next-safe-action action resolves to. */
export type SafeActionAnswer<T> = SafeResult<T> | undefined;

/** Folds next-safe-action's result into the one envelope the UI handles. Client-safe. */
export function unwrapAction<T>(result: SafeActionAnswer<T>): ActionResult<T> {
  if (result?.data) return result.data;
  if (result?.validationErrors) return { error: result.validationErrors };
  return { error: result?.serverError ?? { code: "UNEXPECTED", message: "Unexpected error" } };
}
