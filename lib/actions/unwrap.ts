import type { ActionError, ActionResult } from "@/lib/result";

type SafeResult<T> = {
  data?: ActionResult<T>;
  serverError?: ActionError;
  validationErrors?: ActionError;
};

/** Folds next-safe-action's result into the one envelope the UI handles. Client-safe. */
export function unwrapAction<T>(result: SafeResult<T> | undefined): ActionResult<T> {
  if (result?.data) return result.data;
  if (result?.validationErrors) return { error: result.validationErrors };
  return { error: result?.serverError ?? { code: "UNEXPECTED", message: "Unexpected error" } };
}
