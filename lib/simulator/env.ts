// Reads the simulator's settings from the environment. Errors never echo a key: SIM_KEYS holds
// secrets-in-spirit even in a simulator, and startup errors end up in CI logs.
import { LIST_SHAPES, type ListingOptions, type ListShape } from "./engine-types";
import { type LatencyRange, parseLatency } from "./http-util";

/** Plain record rather than NodeJS.ProcessEnv, whose Next.js augmentation requires NODE_ENV. */
type Env = Readonly<Record<string, string | undefined>>;

export interface SimulatorConfig {
  host: string;
  port: number;
  seedAccounts: Record<string, number>;
  autoSms: boolean;
  latency: LatencyRange | null;
  earlyCancelSeconds: number;
  lifetimeSeconds: number;
  listing: Required<ListingOptions>;
  /** SIM_WEBHOOK_RETRY_MS ("ms" or "min-max"): wait between webhook retries; null: 20–30 s. */
  webhookRetry: LatencyRange | null;
}

/** "key:balance,key2:balance" → { key: balance }. The last ":" splits, so keys may contain ":". */
export function parseKeys(value: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  entries.forEach((entry, i) => {
    const at = entry.lastIndexOf(":");
    const key = at > 0 ? entry.slice(0, at).trim() : "";
    const balance = at > 0 ? Number(entry.slice(at + 1).trim()) : Number.NaN;
    if (key === "" || !Number.isFinite(balance) || balance < 0) {
      throw new Error(`SIM_KEYS entry #${i + 1} is not "key:balance" with a balance >= 0`);
    }
    out[key] = balance;
  });
  return out;
}

function intSetting(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}`);
  return n;
}

function listShape(env: Env): ListShape {
  const raw = env.SIM_LIST_SHAPE?.trim() || "activeActivations";
  const shape = LIST_SHAPES.find((s) => s === raw);
  if (!shape) throw new Error(`SIM_LIST_SHAPE must be one of ${LIST_SHAPES.join(", ")}`);
  return shape;
}

export function readConfig(env: Env = process.env): SimulatorConfig {
  return {
    host: env.SIM_HOST?.trim() || "127.0.0.1",
    port: intSetting(env, "SIM_PORT", 3100, 0),
    seedAccounts: parseKeys(env.SIM_KEYS),
    autoSms: env.SIM_AUTO_SMS?.trim() !== "0",
    latency: parseLatency(env.SIM_LATENCY_MS),
    earlyCancelSeconds: intSetting(env, "SIM_EARLY_CANCEL_SECONDS", 120, 0),
    lifetimeSeconds: intSetting(env, "SIM_LIFETIME_SECONDS", 1200, 1),
    listing: {
      // Unset: every active activation in one answer, start/limit ignored (the reference).
      pageLimit: env.SIM_PAGE_LIMIT?.trim() ? intSetting(env, "SIM_PAGE_LIMIT", 100, 1) : null,
      shape: listShape(env),
    },
    webhookRetry: parseLatency(env.SIM_WEBHOOK_RETRY_MS),
  };
}
