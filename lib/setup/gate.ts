import "server-only";
import { log } from "@/lib/log";
import { addressGroup } from "@/lib/net/client-address";
import type { Failure } from "@/lib/result";
import { currentSetupToken, setupTokenMatches, setupTokenRequired } from "./token";
import {
  recordWrongSetupToken,
  SETUP_TOKEN_FAILURES_PER_ADDRESS,
  setupTokenThrottled,
} from "./token-attempts";

// Who may run setup: a browser on the server itself, or anyone else with the setup token.

/**
 * The visitor as the request showed it. address: the client address only when the server saw
 * the client directly (lib/net/client-address.ts directClientAddress; null: unknown or
 * forwarded by an untrusted peer, so the token is required). from: the resolved address, for
 * throttling and logs (defaults to address).
 */
export type SetupVisitor = { address: string | null; from?: string | null; token?: string };

/** null when this visitor may set up; else why not. Logs wrong tokens, never the token. */
export function checkSetupToken(visitor: SetupVisitor): Failure | null {
  if (!setupTokenRequired(visitor.address)) return null;
  // Make sure there is a token to give (and that it was printed) even if start-up did not.
  currentSetupToken();
  const from = visitor.from === undefined ? visitor.address : visitor.from;
  const who = from ? addressGroup(from) : "unknown";
  if (!visitor.token) return { code: "SETUP_TOKEN_REQUIRED" };
  // Checked before comparing: once throttled, even the right token tells a guesser nothing.
  if (setupTokenThrottled(who)) return { code: "SETUP_TOKEN_THROTTLED" };
  if (setupTokenMatches(visitor.token)) return null;
  const count = recordWrongSetupToken(who);
  log.warn(
    { address: who, attempt: count },
    count >= SETUP_TOKEN_FAILURES_PER_ADDRESS
      ? "setup refused: wrong setup token; this address is refused until the window ends"
      : "setup refused: wrong setup token",
  );
  return { code: "SETUP_TOKEN_WRONG" };
}
