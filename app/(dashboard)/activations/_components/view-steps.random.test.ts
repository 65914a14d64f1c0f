// Randomized, seeded (the same every run): the view patched by updateView after each random delta
// must be the view computeView builds from scratch, for random search, filters and sort.
import { describe, expect, it } from "vitest";
import type { ActivationDto } from "@/lib/activations/dto";
import {
  FIXTURE_NOW,
  mergeDelta,
  RANDOM_KEYS,
  randomDelta,
  randomTable,
  seededRandom,
} from "@/lib/activations/test-fixtures";
import type { SortOrder, StateFilter } from "./table-filters";
import { computeView, updateView, type ViewInput } from "./view-steps";

const clock = {
  serverNowMs: FIXTURE_NOW,
  offsets: new Map(RANDOM_KEYS.map((k) => [k.id, k.clockOffsetMs])),
};
const keys = (rows: readonly ActivationDto[]) => rows.map((a) => `${a.keyId}/${a.id}`);

describe("updateView against computeView (seeded random deltas)", () => {
  it("300 tables × 10 deltas: the same rows (the same objects) and counts", () => {
    const rnd = seededRandom(7);
    for (let run = 0; run < 300; run++) {
      let data = randomTable(rnd, 40);
      const settings: Omit<ViewInput, "rows"> = {
        narrow: {
          q: rnd.pick(["", "tg", "10"]),
          key: rnd.pick([null, "k1"]),
          service: rnd.pick([null, "wa"]),
          country: null,
          mine: false,
        },
        status: rnd.pick<StateFilter>(["active", "all", "waiting", "finished"]),
        sort: rnd.pick<SortOrder>(["purchased", "timeLeft"]),
        me: null,
        clock,
      };
      let view = updateView(null, { rows: data.activations, ...settings });
      for (let step = 0; step < 10; step++) {
        const delta = randomDelta(rnd, data.activations, step, FIXTURE_NOW + (step + 1) * 10_000);
        data = mergeDelta(data, delta);
        view = updateView(view, { rows: data.activations, ...settings });
        const fresh = computeView({ rows: data.activations, ...settings });
        const where = `run ${run}, step ${step}`;
        expect(keys(view.visible), where).toEqual(keys(fresh.visible));
        expect(view.counts, where).toEqual(fresh.counts);
        expect(view.visible.every((a, i) => a === fresh.visible[i]), where).toBe(true);
      }
    }
  });
});
