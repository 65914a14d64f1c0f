import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testDatabaseUrl, testEngine } from "@/lib/testing/test-database";

// Two instances started at the same moment on one fresh PostgreSQL database both come up: the
// migrations (better-auth's "create what is missing" and ours) run under a cluster-wide lock, so
// the second waits and then finds nothing to do instead of failing on a table the first just made.
// Real processes, as two `next start` would be: each has its own pool and its own lib/db state.
// SQLite is one instance by design (one process on one file), so this is PostgreSQL only.

const ROOT = path.resolve(import.meta.dirname, "../..");
const CHILD = path.join(import.meta.dirname, "start-instance.child.ts");
const dirs: string[] = [];

type Report = { ok: boolean; migrations?: string[]; users?: number; error?: string };

function startInstance(databaseUrl: string, startAt: number): Promise<{ code: number | null; report: Report }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        SMS_DESK_SECRET: "unit-test-master-secret-0123456789abcdef",
        LOG_LEVEL: "silent",
        START_AT: String(startAt),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        resolve({ code, report: JSON.parse(line) as Report });
      } catch {
        reject(new Error(`instance printed no report (exit ${code}): ${err.slice(-2000)}`));
      }
    });
  });
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe.runIf(testEngine() === "postgres")("two instances starting at once on a fresh database", () => {
  it("both come up, and every migration ran exactly once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-start-"));
    dirs.push(dir);
    const url = await testDatabaseUrl(dir);
    // Far enough ahead for both processes to have loaded their modules.
    const startAt = Date.now() + 15_000;
    const [a, b] = await Promise.all([startInstance(url, startAt), startInstance(url, startAt)]);

    expect(a.report).toMatchObject({ ok: true, users: 0 });
    expect(b.report).toMatchObject({ ok: true, users: 0 });
    expect([a.code, b.code]).toEqual([0, 0]);
    const migrations = a.report.migrations ?? [];
    expect(migrations.length).toBeGreaterThanOrEqual(7);
    expect(new Set(migrations).size).toBe(migrations.length);
    expect(b.report.migrations).toEqual(migrations);
  }, 90_000);
});
