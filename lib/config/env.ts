import "server-only";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { invalidAllowedHostEntries } from "@/lib/net/allowed-hosts";

// The one place that reads process.env (ARCHITECTURE.md, convention 7). Secrets never get a
// NEXT_PUBLIC_ name, so nothing here can be inlined into a browser bundle.

const DEFAULT_SIMULATOR_URL = `http://127.0.0.1:${process.env.SIM_PORT ?? "3100"}`;

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
const trustedProxyEntries = (value: string) =>
  value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
/** An address, address/prefix, address/netmask or a proxy-addr name (scripts/client-address.mjs). */
function isTrustedProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = "", range, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) >= 1 && Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

const schema = z.object({
  DATABASE_URL: z.string().min(1).default(`file:${path.join("data", "sms-desk.db")}`),
  /**
   * Connections each instance may hold on PostgreSQL (plus one for LISTEN): instances × (this + 1)
   * must stay under the server's max_connections. Unused on SQLite.
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  /** PostgreSQL cancels a statement that runs longer than this. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /**
   * Master secret for the key vault and sessions; generated into the data folder if unset
   * (SQLite only: on PostgreSQL every instance needs the same one, so it is required).
   */
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
  /**
   * The token /setup asks for when opened from another machine than the server. Unset: one is
   * generated at start and printed to the server log. At least 16 characters: it guards the
   * first admin account.
   */
  SETUP_TOKEN: z.string().trim().min(16).max(200).optional(),
  /** Per-key ceiling on provider requests (HeroSMS, the strictest, allows 50/s). */
  PROVIDER_MAX_REQUESTS_PER_SECOND: z.coerce.number().min(0.1).max(50).default(10),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Largest provider answer read, in bytes; a larger one is refused (PROTOCOL_ERROR). */
  PROVIDER_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /**
   * Comma-separated host names or host:port that custom base URLs may reach over plain http or
   * at private addresses (a provider on a private network). SMS_PROVIDER_URL's origin always may.
   */
  PROVIDER_ALLOWED_HOSTS: z
    .string()
    .default("")
    .refine((value) => invalidAllowedHostEntries(value).length === 0),
  SYNC_INTERVAL_MS: z.coerce.number().int().min(250).max(600_000).default(3000),
  BALANCE_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /**
   * A key's sync lease (lib/sync/lease.ts) lasts this long unless renewed (every third of it): an
   * instance that dies stops syncing its keys and another takes them over within this plus
   * SYNC_INTERVAL_MS.
   */
  SYNC_LEASE_TTL_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
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
  /** Failed sign-ins allowed per account (email) in 15 minutes, whatever the address. */
  SIGN_IN_FAILURES_PER_EMAIL: z.coerce.number().int().min(3).max(1000).default(10),
  /**
   * Proxies whose X-Forwarded-For is believed: comma-separated addresses, CIDRs or proxy-addr's
   * names (loopback, linklocal, uniquelocal). Unset: nobody's, the socket address counts. Read
   * by scripts/server.mjs, which resolves the client address before the app sees the request.
   */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .refine((value) => value === undefined || trustedProxyEntries(value).every(isTrustedProxyEntry)),
  /** Audit rows older than this many days are pruned daily (the database refuses younger ones). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(36_500).default(400),
  /** How long a one-time password (an account an admin created) signs in: 72 h by default. */
  ONE_TIME_PASSWORD_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema>;

/** Rules between variables: PostgreSQL means several instances, which must share one master key. */
function crossCheck(e: Env): string[] {
  const postgres = /^postgres(ql)?:\/\//i.test(e.DATABASE_URL);
  return postgres && !e.SMS_DESK_SECRET ? ["SMS_DESK_SECRET (required with a PostgreSQL DATABASE_URL)"] : [];
}

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      // Name the variables, never their values: some are secrets.
      const names = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
      throw new Error(`Invalid environment configuration: ${names}`);
    }
    const missing = crossCheck(parsed.data);
    if (missing.length > 0) throw new Error(`Invalid environment configuration: ${missing.join(", ")}`);
    cached = parsed.data;
  }
  return cached;
}
