import { describe, expect, it } from "vitest";
import { createSimulatorEngine, type SimulatorEngineOptions } from "./engine";

const KEY = "test-key-alpha-0001";
const OTHER = "test-key-bravo-0002";
const POOR = "test-key-poor-0003";
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

function setup(options: SimulatorEngineOptions = {}) {
  const engine = createSimulatorEngine({
    now: () => T0,
    autoSms: false,
    seedAccounts: { [KEY]: 10, [OTHER]: 5, [POOR]: 0.3 },
    ...options,
  });
  const call = (action: string, params: Record<string, string> = {}, key = KEY) =>
    engine.handle({ api_key: key, action, ...params }).body;
  const buy = (service = "tg", country = "0", key = KEY) => {
    const body = call("getNumber", { service, country }, key);
    const m = /^ACCESS_NUMBER:(\d+):(\d+)$/.exec(body);
    if (!m?.[1]) throw new Error(`purchase failed: ${body}`);
    return m[1];
  };
  return { engine, call, buy };
}

// A scenario is a list of steps run against a fresh engine; "$id" stands for the last bought id.
type Step =
  | { buy: true; key?: string }
  | { advance: number }
  | { sms: string }
  | { balance: number; key?: string }
  | { call: string; params?: Record<string, string>; key?: string; expect: string | RegExp };

const scenarios: [string, Step[]][] = [
  [
    "cancel after the early window refunds in full",
    [
      { buy: true },
      { balance: 9.6 },
      { advance: 120 },
      { call: "setStatus", params: { id: "$id", status: "8" }, expect: "ACCESS_CANCEL" },
      { balance: 10 },
      { call: "getStatus", params: { id: "$id" }, expect: "STATUS_CANCEL" },
      { call: "setStatus", params: { id: "$id", status: "8" }, expect: "BAD_STATUS" },
    ],
  ],
  [
    "legacy -1 cancels like 8",
    [
      { buy: true },
      { advance: 300 },
      { call: "setStatus", params: { id: "$id", status: "-1" }, expect: "ACCESS_CANCEL" },
      { balance: 10 },
    ],
  ],
  [
    "cancel at 119 s is denied, at 120 s allowed",
    [
      { buy: true },
      { advance: 119 },
      { call: "setStatus", params: { id: "$id", status: "8" }, expect: "EARLY_CANCEL_DENIED" },
      { balance: 9.6 },
      { advance: 1 },
      { call: "setStatus", params: { id: "$id", status: "8" }, expect: "ACCESS_CANCEL" },
    ],
  ],
  [
    "no cancel once a code arrived",
    [
      { buy: true },
      { sms: "123456" },
      { advance: 600 },
      { call: "setStatus", params: { id: "$id", status: "8" }, expect: "BAD_STATUS" },
      { balance: 9.6 },
      { call: "getStatus", params: { id: "$id" }, expect: "STATUS_OK:123456" },
    ],
  ],
  [
    "no code within the lifetime: expired and refunded",
    [
      { buy: true },
      { advance: 1199 },
      { call: "getStatus", params: { id: "$id" }, expect: "STATUS_WAIT_CODE" },
      { balance: 9.6 },
      { advance: 1 },
      { call: "getStatus", params: { id: "$id" }, expect: "STATUS_CANCEL" },
      { balance: 10 },
      { call: "getActiveActivations", expect: '{"status":"error","error":"NO_ACTIVATIONS"}' },
      { call: "setStatus", params: { id: "$id", status: "8" }, expect: "BAD_STATUS" },
    ],
  ],
  [
    "another SMS: 3 → STATUS_WAIT_RETRY, a new code → STATUS_OK, then finish",
    [
      { buy: true },
      { call: "setStatus", params: { id: "$id", status: "3" }, expect: "BAD_STATUS" },
      { sms: "111111" },
      { call: "setStatus", params: { id: "$id", status: "3" }, expect: "ACCESS_RETRY_GET" },
      { call: "getStatus", params: { id: "$id" }, expect: "STATUS_WAIT_RETRY:111111" },
      { call: "setStatus", params: { id: "$id", status: "3" }, expect: "BAD_STATUS" },
      { call: "setStatus", params: { id: "$id", status: "8" }, expect: "BAD_STATUS" },
      { sms: "222222" },
      { call: "getStatus", params: { id: "$id" }, expect: "STATUS_OK:222222" },
      { call: "setStatus", params: { id: "$id", status: "6" }, expect: "ACCESS_ACTIVATION" },
    ],
  ],
  [
    "finish only after a code; then STATUS_CANCEL and no longer listed",
    [
      { buy: true },
      { call: "setStatus", params: { id: "$id", status: "6" }, expect: "BAD_STATUS" },
      { sms: "654321" },
      { call: "getActiveActivations", expect: /"activationStatus":"2"/ },
      { call: "setStatus", params: { id: "$id", status: "6" }, expect: "ACCESS_ACTIVATION" },
      { call: "getStatus", params: { id: "$id" }, expect: "STATUS_CANCEL" },
      { call: "getActiveActivations", expect: '{"status":"error","error":"NO_ACTIVATIONS"}' },
      { call: "setStatus", params: { id: "$id", status: "6" }, expect: "BAD_STATUS" },
      { balance: 9.6 },
    ],
  ],
  [
    "finish from waiting-retry",
    [
      { buy: true },
      { sms: "111111" },
      { call: "setStatus", params: { id: "$id", status: "3" }, expect: "ACCESS_RETRY_GET" },
      { call: "setStatus", params: { id: "$id", status: "6" }, expect: "ACCESS_ACTIVATION" },
    ],
  ],
  [
    "status 1 only while waiting; unknown statuses are BAD_STATUS",
    [
      { buy: true },
      { call: "setStatus", params: { id: "$id", status: "1" }, expect: "ACCESS_READY" },
      { call: "setStatus", params: { id: "$id", status: "5" }, expect: "BAD_STATUS" },
      { call: "setStatus", params: { id: "$id", status: "x" }, expect: "BAD_STATUS" },
      { call: "setStatus", params: { id: "$id" }, expect: "BAD_STATUS" },
    ],
  ],
  [
    "orderId idempotency on getNumberV2 (per key)",
    [
      {
        call: "getNumberV2",
        params: { service: "tg", country: "0", orderId: "o-1" },
        expect: /^\{/,
      },
      {
        call: "getNumberV2",
        params: { service: "tg", country: "0", orderId: "o-1" },
        expect: "ORDER_ALREADY_EXISTS",
      },
      { balance: 9.6 },
      {
        call: "getNumberV2",
        params: { service: "tg", country: "0", orderId: "o-1" },
        key: OTHER,
        expect: /"activationId":\d+/,
      },
    ],
  ],
  [
    "NO_BALANCE leaves the balance untouched",
    [
      {
        call: "getNumber",
        params: { service: "tg", country: "0" },
        key: POOR,
        expect: "NO_BALANCE",
      },
      { balance: 0.3, key: POOR },
      {
        call: "getNumber",
        params: { service: "ot", country: "0" },
        key: POOR,
        expect: /^ACCESS_NUMBER:/,
      },
      { balance: 0.2, key: POOR },
    ],
  ],
  [
    "maxPrice below the price → WRONG_MAX_PRICE:<price>",
    [
      {
        call: "getNumber",
        params: { service: "tg", country: "0", maxPrice: "0.3" },
        expect: "WRONG_MAX_PRICE:0.4",
      },
      { balance: 10 },
      {
        call: "getNumber",
        params: { service: "tg", country: "0", maxPrice: "0.40" },
        expect: /^ACCESS_NUMBER:/,
      },
    ],
  ],
  [
    "getNumber errors: BAD_SERVICE, NO_NUMBERS (999 and unknown countries)",
    [
      { call: "getNumber", params: { service: "zz", country: "0" }, expect: "BAD_SERVICE" },
      { call: "getNumber", params: { country: "0" }, expect: "BAD_SERVICE" },
      { call: "getNumber", params: { service: "tg", country: "999" }, expect: "NO_NUMBERS" },
      { call: "getNumber", params: { service: "tg", country: "4242" }, expect: "NO_NUMBERS" },
      { call: "getNumberV2", params: { service: "tg", country: "999" }, expect: "NO_NUMBERS" },
      { balance: 10 },
    ],
  ],
  [
    "id checks: WRONG_ACTIVATION_ID, NO_ACTIVATION (unknown or another key's)",
    [
      { buy: true },
      { call: "getStatus", params: { id: "abc" }, expect: "WRONG_ACTIVATION_ID" },
      { call: "getStatus", params: { id: "12a" }, expect: "WRONG_ACTIVATION_ID" },
      { call: "getStatus", expect: "WRONG_ACTIVATION_ID" },
      { call: "setStatus", params: { id: "-5", status: "8" }, expect: "WRONG_ACTIVATION_ID" },
      { call: "getStatus", params: { id: "1" }, expect: "NO_ACTIVATION" },
      { call: "getStatus", params: { id: "$id" }, key: OTHER, expect: "NO_ACTIVATION" },
      {
        call: "setStatus",
        params: { id: "$id", status: "8" },
        key: OTHER,
        expect: "NO_ACTIVATION",
      },
    ],
  ],
  [
    "BAD_KEY and BAD_ACTION",
    [
      { call: "getBalance", key: "", expect: "BAD_KEY" },
      { call: "getBalance", key: "no-such-key", expect: "BAD_KEY" },
      {
        call: "getNumber",
        params: { service: "tg", country: "0" },
        key: "nope",
        expect: "BAD_KEY",
      },
      { call: "fooBar", expect: "BAD_ACTION" },
      { call: "", expect: "BAD_ACTION" },
      { call: "getBalance", expect: "ACCESS_BALANCE:10.00" },
    ],
  ],
];

describe("engine rules", () => {
  it.each(scenarios)("%s", (_name, steps) => {
    let now = T0;
    const { engine, call, buy } = setup({ now: () => now });
    let id = "";
    for (const [i, step] of steps.entries()) {
      const where = `step ${i + 1}`;
      if ("buy" in step) id = buy("tg", "0", step.key);
      else if ("advance" in step) now += step.advance * 1000;
      else if ("sms" in step)
        expect(engine.deliverSms(id, { code: step.sms }).ok, where).toBe(true);
      else if ("balance" in step)
        expect(engine.getBalance(step.key ?? KEY), where).toBe(step.balance);
      else {
        const params = Object.fromEntries(
          Object.entries(step.params ?? {}).map(([k, v]) => [k, v === "$id" ? id : v]),
        );
        const body = call(step.call, params, step.key ?? KEY);
        if (typeof step.expect === "string") expect(body, where).toBe(step.expect);
        else expect(body, where).toMatch(step.expect);
      }
    }
  });
});
