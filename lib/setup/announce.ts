import "server-only";
import { env } from "@/lib/config/env";
import { log } from "@/lib/log";
import { isSetupDone } from "./service";
import { announceSetupToken } from "./token";

/**
 * At server start (instrumentation.ts): while setup is pending, print the setup token so the
 * operator finds it in the log before anyone opens /setup. Demo mode seeds its own admin.
 */
export async function announceSetupTokenIfPending(): Promise<void> {
  try {
    if (env().SMS_DESK_DEMO === "1") return;
    if (!(await isSetupDone())) announceSetupToken();
  } catch (error) {
    // Not fatal: /setup makes and prints the token on first use anyway.
    log.warn(
      { err: error instanceof Error ? error.name : "unknown" },
      "could not check setup at start",
    );
  }
}
