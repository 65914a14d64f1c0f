import "server-only";
import pino from "pino";
import { env } from "@/lib/config/env";

// Structured logs. Anything that looks like a secret is censored by path as a second line of
// defence: provider URLs are already redacted by the provider client before they are logged.
export const log = pino({
  level: env().LOG_LEVEL,
  redact: {
    paths: ["apiKey", "api_key", "secret", "key", "*.apiKey", "*.api_key", "*.secret"],
    censor: "***",
  },
  base: { app: "sms-desk" },
});
