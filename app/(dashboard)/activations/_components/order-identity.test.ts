import { describe, expect, it } from "vitest";
import { newOrderIdentity, type OrderChoice, orderIdentityFor } from "./order-identity";

const CHOICE: OrderChoice = { keyId: "k1", service: "tg", country: "73", operator: "" };

function ids() {
  let n = 0;
  return () => `order-${++n}`;
}

describe("the order dialog's order id", () => {
  it("stays the same while the same order is repeated (a resubmit after ORDER_UNKNOWN gets its result)", () => {
    const newId = ids();
    const first = newOrderIdentity(CHOICE, newId);
    expect(orderIdentityFor(first, { ...CHOICE }, newId)).toBe(first);
    expect(first.id).toBe("order-1");
  });

  it.each([
    ["key", { keyId: "k2" }],
    ["service", { service: "wa" }],
    ["country", { country: "0" }],
    ["operator", { operator: "vivo" }],
    ["operator back to any", { operator: "" }],
  ] as const)("is fresh once the %s changes", (_name, change) => {
    const newId = ids();
    const start = newOrderIdentity({ ...CHOICE, operator: "claro" }, newId);
    const next = orderIdentityFor(start, { ...CHOICE, operator: "claro", ...change }, newId);
    expect(next.id).not.toBe(start.id);
    // …and then kept for that new order.
    expect(orderIdentityFor(next, { ...CHOICE, operator: "claro", ...change }, newId)).toBe(next);
  });

  it("does not confuse choices whose codes run together", () => {
    const newId = ids();
    const start = newOrderIdentity({ keyId: "k", service: "tg7", country: "3", operator: "" }, newId);
    expect(orderIdentityFor(start, { keyId: "k", service: "tg", country: "73", operator: "" }, newId).id).not.toBe(start.id);
  });
});
