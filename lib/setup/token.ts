import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config/env";
import { engineOfUrl } from "@/lib/db/engine";
import { isLoopbackAddress } from "@/lib/net/client-address";

// The setup token: whoever opens a fresh install first becomes its admin, so /setup opened from
// another machine than the server asks for a secret only the operator can read, in the server's
// log (or the SETUP_TOKEN they chose). Kept in process memory on globalThis, since
// instrumentation, pages and actions each get their own module instances; a restart makes a new
// one. Never sent to a browser. On PostgreSQL several instances sit behind one address, and the
// form may reach another instance than the one whose log the operator read: there every instance
// derives the same token from the SMS_DESK_SECRET they share (it reveals nothing of the secret).

const store = globalThis as unknown as { smsDeskSetupToken?: string };

/** The operator's own SETUP_TOKEN, else the one generated (and printed) for this process. */
export function currentSetupToken(): string {
  const fromEnv = env().SETUP_TOKEN;
  if (fromEnv) return fromEnv;
  if (!store.smsDeskSetupToken) {
    store.smsDeskSetupToken = clusterSetupToken() ?? randomBytes(24).toString("base64url");
    announce(store.smsDeskSetupToken);
  }
  return store.smsDeskSetupToken;
}

/** PostgreSQL: one token for every instance (192 bits of an HMAC keyed with the shared secret). */
function clusterSetupToken(): string | null {
  const { DATABASE_URL, SMS_DESK_SECRET } = env();
  if (engineOfUrl(DATABASE_URL) !== "postgres" || !SMS_DESK_SECRET) return null;
  return createHmac("sha256", SMS_DESK_SECRET).update("sms-desk setup token").digest("base64url").slice(0, 32);
}

/** At start, while setup is pending: print the token now, so the operator finds it at once. */
export function announceSetupToken(): void {
  if (env().SETUP_TOKEN) {
    printLine(
      "SMS Desk is not set up yet. /setup opened from another machine asks for the SETUP_TOKEN you set.",
    );
    return;
  }
  currentSetupToken();
}

/** Setup is done: the token opens nothing any more, so it need not stay in memory. */
export function forgetSetupToken(): void {
  store.smsDeskSetupToken = undefined;
}

/** Only a browser on the server itself skips the token; an unknown address must give it (fail closed). */
export function setupTokenRequired(address: string | null): boolean {
  return address === null || !isLoopbackAddress(address);
}

/** Constant time: both sides are hashed first, so lengths never differ and nothing leaks by timing. */
export function setupTokenMatches(candidate: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(candidate.trim()), digest(currentSetupToken()));
}

function announce(token: string) {
  const validity =
    engineOfUrl(env().DATABASE_URL) === "postgres" ? "the same on every instance" : "valid until the server restarts";
  printLine(
    `SMS Desk is not set up yet. To set it up from another machine, open /setup and enter this setup token: ${token} ` +
      `(${validity}; set SETUP_TOKEN to choose your own).`,
  );
}

// A plain line on stdout, not a pino record: it must show whatever LOG_LEVEL says, and read
// clearly in `docker logs`. It is meant for the operator: the server log is where it belongs.
function printLine(line: string) {
  process.stdout.write(`${line}\n`);
}
