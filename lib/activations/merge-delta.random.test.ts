// Randomized, seeded (the same every run): many random deltas folded in place by mergePage must
// give what folding them from scratch gives (the newer copy of each row wins, the set's rule
// drops rows, the server's order).
import { describe, expect, it } from "vitest";
import type { ActivationDto } from "./dto";
import { compareRows, RECENT_MS } from "./merge-delta";
import {
  FIXTURE_NOW,
  mergeDelta,
  randomDelta,
  randomTable,
  seededRandom,
} from "./test-fixtures";

const ACTIVE = new Set(["waiting", "code_received", "waiting_retry"]);
const keyOf = (a: ActivationDto) => `${a.keyId}:${a.id}`;

/** The merge written the plain way: a map by key, the set's rule, a sort. */
function referenceMerge(held: readonly ActivationDto[], delta: readonly ActivationDto[]) {
  const byKey = new Map(held.map((a) => [keyOf(a), a]));
  for (const d of delta) {
    const old = byKey.get(keyOf(d));
    if (!old || d.updatedAtMs > old.updatedAtMs) byKey.set(keyOf(d), d);
  }
  return [...byKey.values()]
    .filter((a) => ACTIVE.has(a.state) || a.updatedAtMs >= FIXTURE_NOW - RECENT_MS)
    .sort(compareRows);
}

const versions = (rows: readonly ActivationDto[]) => rows.map((a) => `${keyOf(a)}@${a.updatedAtMs}`);

describe("mergePage against a merge from scratch (seeded random deltas)", () => {
  it("300 tables × 10 deltas give the same rows in the same order", () => {
    const rnd = seededRandom(7);
    for (let run = 0; run < 300; run++) {
      let data = randomTable(rnd, 40);
      for (let step = 0; step < 10; step++) {
        const delta = randomDelta(rnd, data.activations, step, FIXTURE_NOW + (step + 1) * 10_000);
        const expected = referenceMerge(data.activations, delta);
        data = mergeDelta(data, delta);
        expect(versions(data.activations), `run ${run}, step ${step}`).toEqual(versions(expected));
      }
    }
  });
});
