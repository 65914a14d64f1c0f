import { randomBytes } from "node:crypto";

/**
 * The environment every benchmark's stack shares: the production build on a fresh SQLite file,
 * the demo team with one simulator key holding `balance`, a master secret of its own, and no
 * SMS arriving by themselves (each bench decides when codes come). `extra` adds or overrides
 * (passwords, the simulator's paging, latency and lifetime).
 */
export function benchStackEnv({ dbFile, appUrl, simUrl, apiKey }, { balance, logLevel, ...extra }) {
  return {
    NODE_ENV: "production",
    DATABASE_URL: `file:${dbFile}`,
    APP_URL: appUrl,
    SMS_PROVIDER_URL: simUrl,
    SMS_DESK_DEMO: "1",
    DEMO_API_KEY: apiKey,
    SMS_DESK_SECRET: randomBytes(32).toString("hex"),
    SIM_KEYS: `${apiKey}:${balance}`,
    SIM_AUTO_SMS: "0",
    LOG_LEVEL: logLevel,
    ...extra,
  };
}
