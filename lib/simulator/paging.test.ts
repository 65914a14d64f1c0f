import { describe, expect, it } from "vitest";
import { createSimulatorEngine, type ListingOptions } from "./engine";

// getActiveActivations as HeroSMS pages it (SIM_PAGE_LIMIT) and shapes it (SIM_LIST_SHAPE).

const KEY = "paging-key-0001";

function setup(listing: ListingOptions = {}, count = 7) {
  const engine = createSimulatorEngine({
    now: () => Date.UTC(2026, 0, 15),
    autoSms: false,
    seedAccounts: { [KEY]: 100 },
    listing,
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const bought = engine.createActivation({ key: KEY, service: "tg", country: "6" });
    if (!bought.ok) throw new Error("purchase failed");
    ids.push(bought.activation.id);
  }
  const list = (params: Record<string, string> = {}) =>
    JSON.parse(engine.handle({ api_key: KEY, action: "getActiveActivations", ...params }).body);
  const idsOf = (answer: { activeActivations: Array<{ activationId: string }> }) =>
    answer.activeActivations.map((a) => a.activationId);
  return { engine, ids, list, idsOf };
}

describe("getActiveActivations paging", () => {
  it("ignores start and limit by default: everything in one answer", () => {
    const { ids, list, idsOf } = setup();
    expect(idsOf(list({ start: "5", limit: "2" }))).toEqual(ids);
  });

  it.each([
    ["first page", { start: "0", limit: "3" }, [0, 3]],
    ["middle page", { start: "3", limit: "3" }, [3, 6]],
    ["last, short page", { start: "6", limit: "3" }, [6, 7]],
    ["limit above the cap is capped", { start: "0", limit: "100" }, [0, 5]],
    ["no limit: the cap", { start: "1" }, [1, 6]],
    ["no parameters: the first page", {}, [0, 5]],
    ["limit 0 or junk: the cap", { start: "x", limit: "0" }, [0, 5]],
  ] as const)("with SIM_PAGE_LIMIT 5: %s", (_name, params, [from, to]) => {
    const { ids, list, idsOf } = setup({ pageLimit: 5 });
    expect(idsOf(list({ ...params }))).toEqual(ids.slice(from, to));
  });

  it("a page past the end is an empty success; no activations at all is NO_ACTIVATIONS", () => {
    expect(setup({ pageLimit: 5 }).list({ start: "50", limit: "5" })).toEqual({
      status: "success",
      activeActivations: [],
    });
    expect(setup({ pageLimit: 5 }, 0).list()).toEqual({ status: "error", error: "NO_ACTIVATIONS" });
  });

  it("can change at run time, and refuses a page limit below 1", () => {
    const { engine, ids, list, idsOf } = setup();
    engine.setListing({ pageLimit: 2 });
    expect(idsOf(list({ start: "2", limit: "100" }))).toEqual(ids.slice(2, 4));
    expect(() => engine.setListing({ pageLimit: 0 })).toThrow(/pageLimit/);
  });
});

describe("getActiveActivations shapes", () => {
  it("data: HeroSMS's rows under `data` beside an empty result wrapper", () => {
    const { ids, list } = setup({ shape: "data" }, 2);
    const answer = list();
    expect(answer.activeActivations).toEqual({ affected_rows: 0, num_rows: 0, row: [], rows: [] });
    expect(answer.data.map((a: { activationId: string }) => a.activationId)).toEqual(ids);
  });

  it("rows: under activeActivations.rows", () => {
    const { ids, list } = setup({ shape: "rows", pageLimit: 1 }, 2);
    const answer = list({ start: "1", limit: "1" });
    expect(answer.activeActivations.num_rows).toBe(1);
    expect(
      answer.activeActivations.rows.map((a: { activationId: string }) => a.activationId),
    ).toEqual([ids[1]]);
  });
});
