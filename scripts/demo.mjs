// `npm run demo`: the whole product on one machine with no provider account. Builds if needed,
// starts the bundled simulator and the app on 127.0.0.1, seeds activations in every state,
// and stops both on Ctrl-C. The database is a SQLite file under ./data/ (migrated on start).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build, hasBuild, startStack } from "./stack.mjs";
import { seedDemo } from "./seed-demo.mjs";

const host = "127.0.0.1";
const appPort = Number(process.env.PORT ?? 3000);
const simPort = Number(process.env.SIM_PORT ?? 3100);
// A fresh key per demo run unless one is given: nothing secret is ever fixed in the repo.
const apiKey = process.env.DEMO_API_KEY ?? `demo-${randomBytes(12).toString("hex")}`;

// The simulator starts empty each time, so the demo starts from a fresh database too (its old
// activations and key would only point at a provider state that no longer exists).
const dbFile = path.resolve("data", "demo.db");
if (!process.env.DATABASE_URL) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${dbFile}${suffix}`, { force: true });
}

if (!hasBuild()) {
  console.log("No production build yet: running `next build` once…");
  await build();
}

const stack = await startStack({
  host,
  appPort,
  simPort,
  env: {
    NODE_ENV: "production",
    DATABASE_URL: process.env.DATABASE_URL ?? `file:${dbFile}`,
    APP_URL: `http://${host}:${appPort}`,
    SMS_PROVIDER_URL: `http://${host}:${simPort}`,
    SMS_DESK_DEMO: "1",
    DEMO_API_KEY: apiKey,
    SIM_KEYS: `${apiKey}:25`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
});

await seedDemo(`http://${host}:${simPort}`, apiKey);
const admin = {
  email: process.env.DEMO_ADMIN_EMAIL ?? "admin@demo.local",
  password: process.env.DEMO_ADMIN_PASSWORD ?? "demo-admin-pass",
};
const operator = {
  email: process.env.DEMO_OPERATOR_EMAIL ?? "operator@demo.local",
  password: process.env.DEMO_OPERATOR_PASSWORD ?? "demo-operator-pass",
};
console.log(`
  SMS Desk is running:  http://${host}:${appPort}
    admin:     ${admin.email} / ${admin.password}
    operator:  ${operator.email} / ${operator.password}
  Provider simulator:   http://${host}:${simPort}  (codes arrive by themselves; some never do)
  The demo key's secret lives only in the simulator and, encrypted, in data/.
  Press Ctrl-C to stop both.
`);
await stack.exited;
