import "server-only";
import { ProviderError } from "./errors";
import { ANY_OPERATOR, OPERATOR_CODE } from "./codes";
import { isRecord, readAnswer, unexpectedToken, unwrapSingle } from "./parse-body";

// getOperators&country=N (HeroSMS): `{"status":"success","countryOperators":{"<country>":["any",
// "mts",…]}}`. Not every provider has it: one that does not know the action answers BAD_ACTION (or
// a token of its own, or a 404); to the order dialog that is "this provider lists no operators",
// never a failure. A failure is what says something about the key or the connection (BAD_KEY, a
// ban, a timeout, garbage), as for any other read.

/** Operators read from one answer at most: a country has a handful. */
export const MAX_OPERATORS = 100;

/** Answers meaning "this provider has no getOperators": an empty list, not an error. */
function meansNotSupported(error: unknown): boolean {
  if (!(error instanceof ProviderError)) return false;
  return error.code === "BAD_ACTION" || error.code === "UNKNOWN_TOKEN" || (error.code === "HTTP_ERROR" && error.httpStatus === 404);
}

/**
 * The operators one country's numbers can be asked from, "any" left out (the dialog offers it
 * itself), each once, in the provider's order. A list under another country, an entry that is not
 * an operator code, or a document without `countryOperators` is ignored rather than failing.
 */
export function parseOperators(httpStatus: number, body: string, country: string): string[] {
  let answer: ReturnType<typeof readAnswer>;
  try {
    answer = readAnswer(httpStatus, body);
    // A token that is no error of ours ("WRONG_ACTION", "NO_METHOD"): an action it does not know.
    if (answer.kind === "token") throw unexpectedToken(answer.token, httpStatus);
  } catch (error) {
    if (meansNotSupported(error)) return [];
    throw error;
  }
  const value = unwrapSingle(answer.value);
  const byCountry = isRecord(value) ? value.countryOperators : undefined;
  return isRecord(byCountry) ? operatorCodes(byCountry[country]) : [];
}

/** A list of codes, or (as some clones send it) an object keyed by code with display names. */
function operatorCodes(raw: unknown): string[] {
  const entries = Array.isArray(raw) ? raw : isRecord(raw) ? Object.keys(raw) : [];
  const codes = new Set<string>();
  for (const entry of entries) {
    if (codes.size >= MAX_OPERATORS) break;
    if (typeof entry !== "string") continue;
    const code = entry.trim();
    if (OPERATOR_CODE.test(code) && code.toLowerCase() !== ANY_OPERATOR) codes.add(code);
  }
  return [...codes];
}
