import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "@/lib/testing/app-harness";

// Sync requests from clicks share passes: a pass asked for starts at once when none started in
// the last second, else when that second ends, and every request made before it starts rides on
// it. A click every 50 ms used to bring a pass each (its pages, getStatus and balance reads then
// filled the key's provider rate ahead of the next click). The interval is ten minutes, so only
// requests cause passes here; each requested pass reads the balance once, which counts them.

const KEY = "sync-coalesce-key-0001";
let h: Harness;
let registry: typeof import("./registry");
let requestSync: typeof import("./sync-requests").requestSync;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const calls = async (action: string) => (await h.requests(`action=${action}`)).length;

async function untilImported(id: string, timeoutMs: number, ask = false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // Asked again while waiting only to warm up: the notice connection may still be connecting.
    if (ask) requestSync(h.keyId);
    for (let i = 0; i < 20; i++) {
      if (await h.imported(id)) return;
      await sleep(25);
    }
  }
  throw new Error(`${id} was never imported`);
}

beforeAll(async () => {
  h = await startHarness(KEY, { SYNC_INTERVAL_MS: "600000", BALANCE_INTERVAL_MS: "600000" });
  registry = await import("./registry");
  requestSync = (await import("./sync-requests")).requestSync;
  await registry.startSync();
  for (let i = 0; i < 200 && (await calls("getActiveActivations")) === 0; i++) await sleep(25);
  await untilImported(h.boughtElsewhere(), 10_000, true);
  // Migrating a fresh PostgreSQL database takes several seconds on a busy machine.
}, 60_000);
afterAll(async () => {
  await registry.stopSync();
  await h.close();
});

describe("sync requests", () => {
  it("from twenty clicks in a second bring a pass or two, and the last click's change is synced", async () => {
    await sleep(1200); // the warm-up's passes are more than the gap ago
    const before = await calls("getBalance");
    const started = Date.now();
    let last = "";
    for (let i = 0; i < 20; i++) {
      last = h.boughtElsewhere();
      requestSync(h.keyId);
      await sleep(50);
    }
    const asking = Date.now() - started;
    await untilImported(last, 5000);
    await sleep(1500); // a pass still scheduled has run
    const passes = (await calls("getBalance")) - before;
    expect(passes).toBeGreaterThanOrEqual(1);
    // One at once, then at most one per second while the requests came (two on a quiet machine).
    expect(passes).toBeLessThanOrEqual(Math.ceil(asking / 1000) + 1);
  });
});
