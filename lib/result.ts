import type { FailureCode } from "./failure-codes";

// The one result envelope of every server action (ARCHITECTURE.md, convention 4): expected
// failures are returned, never thrown, so their message survives production builds.

export type ActionError = {
  code: FailureCode;
  message: string;
};

export type ActionResult<T> = { data: T; error?: undefined } | { data?: undefined; error: ActionError };

/** A failure before translation: a code and the values its message needs. */
export type Failure = { code: FailureCode; params?: Record<string, string | number> };

export type Outcome<T> = { ok: true; value: T; notice?: Failure } | { ok: false; failure: Failure };
