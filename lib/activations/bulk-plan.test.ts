import { describe, expect, it } from "vitest";
import { batches, planBulk } from "./bulk-plan";
import type { ActivationDto, KeyTimingDto } from "./dto";
import { activationRow } from "./test-fixtures";

// The preview of a bulk action: the same reasons, in the same order, as the row buttons give
// (an action in flight, the state machine on the key's provider clock, a blocked key).

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const KEY: KeyTimingDto = {
  id: "k1",
  name: "Main",
  enabled: true,
  earlyCancelSeconds: 120,
  clockOffsetMs: 0,
  blocked: null,
};

/** An ordinary row five minutes old, as the browser holds it (./test-fixtures.ts). */
function activation(id: string, over: Partial<ActivationDto> = {}): ActivationDto {
  return activationRow({
    id,
    phone: "5511999990000",
    cost: 0.1,
    purchasedAtMs: NOW - 300_000,
    expiresAtMs: NOW + 900_000,
    updatedAtMs: NOW,
    ...over,
  });
}

const reasons = (plan: ReturnType<typeof planBulk>) =>
  Object.fromEntries(plan.skipped.map((s) => [s.activation.id, s.reason]));

describe("planBulk", () => {
  it("finish: rows with a code qualify; waiting, ended and busy rows are left out with the button's reason", () => {
    const plan = planBulk(
      "finish",
      [
        activation("1", { state: "code_received" }),
        activation("2", { state: "waiting_retry" }),
        activation("3"),
        activation("4", { state: "finished" }),
        activation("5", { state: "code_received", pendingAction: "finish" }),
        activation("6", { state: "code_received", checking: true }),
        activation("7", { expiresAtMs: NOW - 1 }),
      ],
      [KEY],
      NOW,
    );
    expect(plan.eligible.map((a) => a.id)).toEqual(["1", "2"]);
    expect(reasons(plan)).toEqual({
      "3": { code: "waiting_for_code" },
      "4": { code: "finished" },
      "5": { code: "busy" },
      "6": { code: "busy" },
      "7": { code: "expired" },
    });
  });

  it("cancel: follows each key's early-cancel window on its provider's clock", () => {
    // Bought 100 s ago on our clock; key k2's provider runs 30 s ahead and allows cancel after 60 s.
    const slow = { ...KEY, id: "k2", earlyCancelSeconds: 60, clockOffsetMs: 30_000 };
    const plan = planBulk(
      "cancel",
      [
        activation("1", { purchasedAtMs: NOW - 100_000 }),
        activation("2", { purchasedAtMs: NOW - 100_000, keyId: "k2" }),
        activation("3", { state: "code_received" }),
      ],
      [KEY, slow],
      NOW,
    );
    expect(plan.eligible.map((a) => a.id)).toEqual(["2"]);
    expect(reasons(plan)).toEqual({
      "1": { code: "early_cancel", secondsLeft: 20 },
      "3": { code: "code_already_received" },
    });
  });

  it("judges the rows at the clock it is given: a later reading opens windows and expires rows", () => {
    // The dialog re-plans at each tick; the same selection read 100 s later must change.
    const selected = [
      activation("1", { purchasedAtMs: NOW - 60_000 }),
      activation("2", { expiresAtMs: NOW + 30_000 }),
    ];
    const atOpen = planBulk("cancel", selected, [KEY], NOW);
    expect(atOpen.eligible.map((a) => a.id)).toEqual(["2"]);
    expect(reasons(atOpen)).toEqual({ "1": { code: "early_cancel", secondsLeft: 60 } });

    const later = planBulk("cancel", selected, [KEY], NOW + 100_000);
    expect(later.eligible.map((a) => a.id)).toEqual(["1"]);
    expect(reasons(later)).toEqual({ "2": { code: "expired" } });
  });

  it("leaves out the rows of a banned or disabled key", () => {
    const banned = { ...KEY, id: "k2", blocked: "Blocked until tomorrow" };
    const off = { ...KEY, id: "k3", enabled: false };
    const plan = planBulk(
      "finish",
      ["k1", "k2", "k3"].map((keyId, i) =>
        activation(String(i), { keyId, state: "code_received" }),
      ),
      [KEY, banned, off],
      NOW,
    );
    expect(plan.eligible.map((a) => a.keyId)).toEqual(["k1"]);
    expect(reasons(plan)).toEqual({
      "1": { code: "blocked", message: "Blocked until tomorrow" },
      "2": { code: "key_disabled" },
    });
  });
});

describe("batches", () => {
  it("splits in order into batches of at most the given size", () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 2)).toEqual([]);
  });
});
