import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Dependencies point one way: app → sync → activations → keys → provider → db. The activations
// services once imported the sync scheduler, which imported them back (a cycle through
// reconcileActivation). They may use only sync's two import-free leaves: the "please sync this
// key" notifier and this instance's identity. Read from the sources, so the cycle cannot return.

const ROOT = path.resolve(import.meta.dirname, "../..");
const LEAVES_OF_SYNC = ["lib/sync/sync-requests.ts", "lib/sync/instance.ts"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** The project files a module imports at run time (`import type` is erased, so it is left out). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm),
    ...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1] as string);
  return specs.flatMap((spec) => {
    const base = spec.startsWith("@/")
      ? spec.slice(2)
      : spec.startsWith(".")
        ? path.posix.join(path.posix.dirname(file), spec)
        : null;
    if (base === null) return [];
    const found = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((f) => fs.existsSync(path.join(ROOT, f)));
    return found ? [found] : [];
  });
}

function reachableFrom(start: string): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    for (const next of importsOf(file)) {
      if (!seen.has(next)) {
        seen.add(next);
        todo.push(next);
      }
    }
  }
  return seen;
}

describe("lib/activations", () => {
  const files = sourceFiles("lib/activations");

  it("imports nothing of lib/sync but its import-free leaves", () => {
    expect(files.length).toBeGreaterThan(5);
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((dep) => dep.startsWith("lib/sync/") && !LEAVES_OF_SYNC.includes(dep))
        .map((dep) => `${file} → ${dep}`),
    );
    expect(offending).toEqual([]);
  });

  it("never reaches the sync scheduler, even through another module", () => {
    const offending = files.flatMap((file) =>
      [...reachableFrom(file)]
        .filter((dep) => dep.startsWith("lib/sync/") && !LEAVES_OF_SYNC.includes(dep))
        .map((dep) => `${file} ⇝ ${dep}`),
    );
    expect(offending).toEqual([]);
  });

  it("is not part of any import cycle", () => {
    const cycles = files.filter((file) => reachableFrom(file).has(file));
    expect(cycles).toEqual([]);
  });
});

describe("the import check itself", () => {
  it("sees the imports it is meant to forbid", () => {
    expect(importsOf("lib/sync/sync-once.ts")).toContain("lib/sync/reconcile-activation.ts");
    expect(importsOf("lib/sync/sync-once.ts")).toContain("lib/activations/repository.ts");
  });
});
