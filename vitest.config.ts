import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

const TEST_FILES = ["lib/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.{ts,mjs}"];

/**
 * Test files that ask for a database (lib/testing/test-database.ts, directly or through the app
 * harness) also run on PostgreSQL when TEST_DATABASE_URL is set (.ci/run starts a throwaway
 * server): found by what they import, so a new integration test cannot be forgotten.
 */
function databaseTestFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".test.ts")) {
        const text = fs.readFileSync(full, "utf8");
        if (/testing\/(test-database|app-harness)"/.test(text)) found.push(path.relative(import.meta.dirname, full));
      }
    }
  };
  walk(path.join(import.meta.dirname, "lib"));
  return found;
}

const postgres = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? "");

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside a React Server environment; unit tests run server modules directly.
      "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
    },
  },
  test: {
    environment: "node",
    projects: [
      { extends: true as const, test: { name: "sqlite", include: TEST_FILES, env: { TEST_ENGINE: "sqlite" } } },
      ...(postgres
        ? [{ extends: true as const, test: { name: "postgres", include: databaseTestFiles(), env: { TEST_ENGINE: "postgres" } } }]
        : []),
    ],
  },
});
