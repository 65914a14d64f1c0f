// `npm run demo`: the whole product on one machine with no provider account. Builds if needed,
// starts the bundled simulator and the app on 127.0.0.1, seeds activations in every state,
// and stops both on Ctrl-C. The database is a SQLite file under ./data/ (migrated on start).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { build, hasBuild, startStack } from "./stack.mjs";
import { seedDemo } from "./seed-demo.mjs";

const host = "127.0.0.1";
const appPort = Number(process.env.PORT ?? 3000);
const simPort = Number(process.env.SIM_PORT ?? 3100);
// A fresh key per demo run unless one is given: nothing secret is ever fixed in the repo.
const apiKey = process.env.DEMO_API_KEY ?? `demo-${randomBytes(12).toString("hex")}`;

if (!hasBuild()) {
  console.log("No production build yet: running `next build` once…");
  await build();
}

const stack = await startStack({
  host,
  appPort,
  simPort,
  quiet: false,
  env: {
    NODE_ENV: "production",
    DATABASE_URL: process.env.DATABASE_URL ?? `file:${path.resolve("data", "demo.db")}`,
    SMS_PROVIDER_URL: `http://${host}:${simPort}`,
    SMS_API_KEY: apiKey,
    SIM_KEYS: `${apiKey}:25`,
  },
});

await seedDemo(`http://${host}:${simPort}`, apiKey);
console.log(`
  SMS Desk is running:  http://${host}:${appPort}
  Provider simulator:   http://${host}:${simPort}  (codes arrive by themselves; some never do)
  Press Ctrl-C to stop both.
`);
await stack.exited;
