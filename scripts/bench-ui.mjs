// `npm run bench:ui`: the activation table's figures (issue 9), one part after another, each a
// standalone script in scripts/bench/ui-*.mjs that starts what it needs on its own ports
// (127.0.0.1 only) against the production build (`npm run build` first). One failing part does
// not hide the others' figures; the exit code says whether all passed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dir = path.join(import.meta.dirname, "bench");
const only = process.env.BENCH_UI_ONLY; // e.g. "poll" runs ui-poll.mjs alone
const parts = fs
  .readdirSync(dir)
  .filter((f) => /^ui-[a-z-]+\.mjs$/.test(f))
  .filter((f) => !only || f === `ui-${only}.mjs`)
  .sort();
if (parts.length === 0)
  throw new Error(`no scripts/bench/ui-*.mjs${only ? ` named ui-${only}.mjs` : ""}`);

const failed = [];
for (const part of parts) {
  console.log(`\n=== ${part} ===`);
  const result = spawnSync(process.execPath, [path.join(dir, part)], { stdio: "inherit" });
  if (result.status !== 0) failed.push(part);
}
if (failed.length > 0) {
  console.error(`\nbench:ui: ${failed.join(", ")} failed`);
  process.exit(1);
}
