import { describe, expect, it } from "vitest";
import { afterOrderAnswer, freshOrderIds, mayHaveBought, type OrderChoice, orderIdsFor } from "./order-identity";

const CHOICE: OrderChoice = { keyId: "k1", service: "tg", country: "73", operator: "" };

function ids() {
  let n = 0;
  return () => `order-${++n}`;
}

describe("the order dialog's order id", () => {
  it("stays the same while the same order is repeated (a resubmit after ORDER_UNKNOWN gets its result)", () => {
    const newId = ids();
    const first = freshOrderIds(CHOICE, newId);
    expect(orderIdsFor(first, { ...CHOICE }, newId)).toBe(first);
    expect(first.current.id).toBe("order-1");
  });

  it.each([
    ["key", { keyId: "k2" }],
    ["service", { service: "wa" }],
    ["country", { country: "0" }],
    ["operator", { operator: "vivo" }],
    ["operator back to any", { operator: "" }],
  ] as const)("is fresh once the %s changes", (_name, change) => {
    const newId = ids();
    const start = freshOrderIds({ ...CHOICE, operator: "claro" }, newId);
    const next = orderIdsFor(start, { ...CHOICE, operator: "claro", ...change }, newId);
    expect(next.current.id).not.toBe(start.current.id);
    // …and then kept for that new order.
    expect(orderIdsFor(next, { ...CHOICE, operator: "claro", ...change }, newId)).toBe(next);
  });

  it("does not confuse choices whose codes run together", () => {
    const newId = ids();
    const start = freshOrderIds({ keyId: "k", service: "tg7", country: "3", operator: "" }, newId);
    const other = orderIdsFor(start, { keyId: "k", service: "tg", country: "73", operator: "" }, newId);
    expect(other.current.id).not.toBe(start.current.id);
  });

  it("finds a maybe-bought order's id again after switching away and back, so it cannot buy twice", () => {
    const newId = ids();
    const mts = { ...CHOICE, country: "0", operator: "mts" };
    let state = freshOrderIds(mts, newId);
    const submitted = state.current;
    state = afterOrderAnswer(state, submitted, true, newId);
    expect(state.current).toEqual(submitted);
    state = orderIdsFor(state, { ...mts, operator: "beeline" }, newId);
    expect(state.current.id).not.toBe(submitted.id);
    state = orderIdsFor(state, mts, newId);
    expect(state.current.id).toBe(submitted.id);
  });

  it("frees the choices once an answer says nothing was bought", () => {
    const newId = ids();
    let state = freshOrderIds(CHOICE, newId);
    const first = state.current;
    state = afterOrderAnswer(state, first, true, newId);
    // The resubmit's answer: a refusal that bought nothing (e.g. NO_NUMBERS).
    state = afterOrderAnswer(state, first, false, newId);
    expect(state.current.id).not.toBe(first.id);
    expect(state.maybeBought).toEqual({});
    // Away and back: a new order, not the freed one.
    state = orderIdsFor(orderIdsFor(state, { ...CHOICE, country: "0" }, newId), CHOICE, newId);
    expect(state.current.id).not.toBe(first.id);
  });

  it("applies an answer to the order it answers, even if the choices changed while it was on its way", () => {
    const newId = ids();
    let state = freshOrderIds(CHOICE, newId);
    const submitted = state.current;
    state = orderIdsFor(state, { ...CHOICE, country: "0" }, newId);
    const meanwhile = state.current;
    state = afterOrderAnswer(state, submitted, false, newId);
    expect(state.current).toBe(meanwhile);
    state = afterOrderAnswer(state, meanwhile, true, newId);
    state = orderIdsFor(state, CHOICE, newId);
    expect(state.current.id).not.toBe(submitted.id);
    expect(orderIdsFor(state, { ...CHOICE, country: "0" }, newId).current.id).toBe(meanwhile.id);
  });
});

describe("mayHaveBought", () => {
  it("is true where the order may have gone through: no answer, or an answer lost on the way back", () => {
    for (const code of ["ORDER_UNKNOWN", "ORDER_IN_PROGRESS", "UNEXPECTED", "UNREACHABLE"] as const) {
      expect(mayHaveBought(code), code).toBe(true);
    }
    for (const code of ["NO_NUMBERS", "NO_BALANCE", "WRONG_MAX_PRICE", "BAD_KEY", "LIMIT_MEMBER_DAILY"] as const) {
      expect(mayHaveBought(code), code).toBe(false);
    }
  });
});
