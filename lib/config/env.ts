import "server-only";
import path from "node:path";
import { z } from "zod";

// The one place that reads process.env (ARCHITECTURE.md, convention 7). Secrets never get a
// NEXT_PUBLIC_ name, so nothing here can be inlined into a browser bundle.

const DEFAULT_SIMULATOR_URL = `http://127.0.0.1:${process.env.SIM_PORT ?? "3100"}`;

const schema = z.object({
  DATABASE_URL: z.string().min(1).default(`file:${path.join("data", "sms-desk.db")}`),
  /** Master secret for the key vault and sessions; generated into the data folder if unset. */
  SMS_DESK_SECRET: z.string().optional(),
  /** The app's public URL (sign-in cookies and origin checks). */
  APP_URL: z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${process.env.PORT ?? "3000"}`),
  /** Base URL of the provider for SMS_API_KEY, and of the "bundled simulator" preset. */
  SMS_PROVIDER_URL: z.url({ protocol: /^https?$/ }).default(DEFAULT_SIMULATOR_URL),
  /** Demo mode seeds users and a key and shows the demo credentials on the sign-in page. */
  SMS_DESK_DEMO: z.enum(["0", "1"]).default("0"),
  /**
   * A provider key from the environment (the operator core's configuration). Only a migration
   * path now: the first team created by /setup imports it into the vault.
   */
  SMS_API_KEY: z.string().min(1).optional(),
  /** Per-key ceiling on provider requests (HeroSMS, the strictest, allows 50/s). */
  PROVIDER_MAX_REQUESTS_PER_SECOND: z.coerce.number().min(0.1).max(50).default(10),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SYNC_INTERVAL_MS: z.coerce.number().int().min(250).max(600_000).default(3000),
  BALANCE_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  DEMO_ADMIN_EMAIL: z.email().default("admin@demo.local"),
  DEMO_ADMIN_PASSWORD: z.string().min(10).default("demo-admin-pass"),
  DEMO_OPERATOR_EMAIL: z.email().default("operator@demo.local"),
  DEMO_OPERATOR_PASSWORD: z.string().min(10).default("demo-operator-pass"),
  /**
   * Demo mode only: this many more operators, operator1@demo.local … operatorN@demo.local, with
   * DEMO_OPERATOR_PASSWORD (the load benchmark signs in many operators at once).
   */
  DEMO_EXTRA_OPERATORS: z.coerce.number().int().min(0).max(200).default(0),
  /** The demo key's secret on the simulator (the demo script makes a random one). */
  DEMO_API_KEY: z.string().min(8).optional(),
  /** Failed and successful sign-ins allowed per client address per minute. */
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(5),
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
