import "server-only";
import path from "node:path";
import { z } from "zod";

// The one place that reads process.env (ARCHITECTURE.md, convention 7). Secrets never get a
// NEXT_PUBLIC_ name, so nothing here can be inlined into a browser bundle.

const DEFAULT_SIMULATOR_URL = `http://127.0.0.1:${process.env.SIM_PORT ?? "3100"}`;

const schema = z.object({
  DATABASE_URL: z.string().min(1).default(`file:${path.join("data", "sms-desk.db")}`),
  SMS_PROVIDER_URL: z.url({ protocol: /^https?$/ }).default(DEFAULT_SIMULATOR_URL),
  /** The provider key until the key vault exists; the simulator's demo key by default. */
  SMS_API_KEY: z.string().min(1).default("demo-key"),
  /** Seconds after purchase during which the provider refuses a cancel. */
  PROVIDER_EARLY_CANCEL_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  /** Activation lifetime when the provider does not say (20 min on SMS.online). */
  PROVIDER_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1200),
  /** Offset of the provider's activationTime from UTC, in minutes (the simulator uses UTC). */
  PROVIDER_TZ_OFFSET_MINUTES: z.coerce.number().int().min(-720).max(840).default(0),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SYNC_INTERVAL_MS: z.coerce.number().int().min(250).max(600_000).default(3000),
  BALANCE_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      // Name the variables, never their values: some are secrets.
      const names = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
      throw new Error(`Invalid environment configuration: ${names}`);
    }
    cached = parsed.data;
  }
  return cached;
}
