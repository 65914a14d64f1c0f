import { describe, expect, it } from "vitest";
import { createSimulatorEngine, type SimulatorEngineOptions } from "./engine";

const KEY = "test-key-alpha-0001";
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

function setup(options: SimulatorEngineOptions = {}) {
  const engine = createSimulatorEngine({
    now: () => T0,
    autoSms: false,
    seedAccounts: { [KEY]: 10 },
    ...options,
  });
  const call = (action: string, params: Record<string, string> = {}) =>
    engine.handle({ api_key: KEY, action, ...params });
  return { engine, call };
}

/** A repeating sequence, so "random" choices are predictable in tests. */
function sequence(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe("wire formats", () => {
  it("answers text/plain tokens with HTTP 200, errors included", () => {
    const { call } = setup();
    for (const answer of [call("getBalance"), call("nope"), call("getStatus", { id: "x" })]) {
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^text\/plain/);
    }
    expect(call("getBalance").body).toBe("ACCESS_BALANCE:10.00");
  });

  it("getNumber: ACCESS_NUMBER:<id>:<phone> with ids from a large counter", () => {
    const { call } = setup();
    expect(call("getNumber", { service: "tg", country: "0" }).body).toMatch(
      /^ACCESS_NUMBER:3100000001:79\d{9}$/,
    );
    expect(call("getNumber", { service: "wa", country: "12" }).body).toMatch(
      /^ACCESS_NUMBER:3100000002:1\d{10}$/,
    );
  });

  it("getNumberV2: the reference JSON", () => {
    const { call } = setup();
    const answer = call("getNumberV2", { service: "go", country: "16", operator: "vodafone" });
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({
      activationId: 3100000001,
      phoneNumber: expect.stringMatching(/^447\d{9}$/),
      activationCost: 0.32,
      currency: 840,
      countryCode: "16",
      canGetAnotherSms: "1",
      activationTime: "2026-01-15 12:00:00",
      activationOperator: "vodafone",
    });
  });

  it("getActiveActivations lists every field of docs/protocol.md", () => {
    const { engine, call } = setup();
    call("getNumber", { service: "tg", country: "6" });
    const second = call("getNumber", { service: "ig", country: "73" }).body.split(":")[1] ?? "";
    engine.deliverSms(second, { code: "987654", text: "Your Instagram code is 987654" });
    const answer = call("getActiveActivations");
    expect(answer.contentType).toMatch(/^application\/json/);
    const json = JSON.parse(answer.body);
    expect(json.status).toBe("success");
    expect(json.activeActivations).toHaveLength(2);
    expect(json.activeActivations[1]).toEqual({
      activationId: second,
      serviceCode: "ig",
      phoneNumber: expect.stringMatching(/^55\d{2}9\d{8}$/),
      activationCost: 0.14,
      activationStatus: "2",
      smsCode: ["987654"],
      smsText: "Your Instagram code is 987654",
      activationTime: "2026-01-15 12:00:00",
      countryCode: "73",
      countryName: "Brazil",
      canGetAnotherSms: "1",
      currency: 840,
      repeated: "0",
      discount: "0",
    });
    expect(json.activeActivations[0]).toMatchObject({ activationStatus: "4", smsCode: [] });
  });

  it("getStatusV2: plain token while waiting or ended, JSON once an SMS arrived", () => {
    let now = T0;
    const { engine, call } = setup({ now: () => now });
    const id = call("getNumber", { service: "tg", country: "0" }).body.split(":")[1] ?? "";
    expect(call("getStatusV2", { id }).body).toBe("STATUS_WAIT_CODE");
    now += 30_000;
    engine.deliverSms(id, { code: "123456", text: "Your Telegram code is 123456" });
    expect(JSON.parse(call("getStatusV2", { id }).body)).toEqual({
      verificationType: 0,
      sms: {
        dateTime: "2026-01-15 12:00:30",
        code: "123456",
        text: "Your Telegram code is 123456",
      },
      call: null,
    });
    call("setStatus", { id, status: "6" });
    expect(call("getStatusV2", { id }).body).toBe("STATUS_CANCEL");
  });

  it("phoneException avoids the given prefixes and rejects malformed ones", () => {
    // Digits cycle 0,1,...: without the exception the first Russian number starts with 790.
    const digits = Array.from({ length: 10 }, (_, i) => i / 10 + 0.01);
    const { call } = setup({ random: sequence(digits) });
    const body = call("getNumber", {
      service: "tg",
      country: "0",
      phoneException: "790,+791",
    }).body;
    expect(body).toMatch(/^ACCESS_NUMBER:\d+:79(?!0|1)\d{9}$/);
    expect(call("getNumber", { service: "tg", country: "0", phoneException: "79x" }).body).toBe(
      "WRONG_EXCEPTION_PHONE",
    );
  });

  it("getPrices lists the catalogue, with the sold-out country at count 0", () => {
    const { call } = setup();
    const prices = JSON.parse(call("getPrices", { service: "tg" }).body);
    expect(prices["0"].tg).toEqual({ cost: 0.4, count: 1000 });
    expect(prices["999"].tg.count).toBe(0);
  });

  it("getOperators answers HeroSMS's shape: one country's list, 'any' first; every country without one", () => {
    const { call } = setup();
    const russia = call("getOperators", { country: "0" });
    expect(russia.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(russia.body)).toEqual({
      status: "success",
      countryOperators: { "0": ["any", "mts", "beeline", "megafon", "tele2"] },
    });
    // USA (virtual) has no operator to choose; a country it does not know has no list at all.
    expect(JSON.parse(call("getOperators", { country: "12" }).body).countryOperators).toEqual({ "12": ["any"] });
    expect(JSON.parse(call("getOperators", { country: "187" }).body).countryOperators).toEqual({
      "187": ["any", "tmobile", "verizon", "att"],
    });
    expect(JSON.parse(call("getOperators", { country: "42" }).body).countryOperators).toEqual({});
    const all = JSON.parse(call("getOperators").body).countryOperators;
    expect(Object.keys(all).sort()).toEqual(["0", "12", "16", "187", "6", "73", "999"]);
    expect(all["73"]).toEqual(["any", "vivo", "claro", "tim", "oi"]);
  });

  it("getNumberV2 echoes the operator asked, 'any' when none", () => {
    const { call } = setup();
    expect(JSON.parse(call("getNumberV2", { service: "tg", country: "73", operator: "claro" }).body).activationOperator).toBe("claro");
    expect(JSON.parse(call("getNumberV2", { service: "tg", country: "73" }).body).activationOperator).toBe("any");
  });
});

describe("clock, expiry and auto SMS", () => {
  it("advance() moves the simulator clock and expires lazily", () => {
    const { engine, call } = setup();
    const id = call("getNumber", { service: "tg", country: "0" }).body.split(":")[1] ?? "";
    engine.advance(1200);
    expect(engine.now()).toBe(T0 + 1_200_000);
    expect(engine.getActivation(id)).toMatchObject({ state: "expired", refunded: true });
    expect(engine.getBalance(KEY)).toBe(10);
  });

  it("a code received but never finished is closed at the end of the lifetime, not refunded", () => {
    const { engine, call } = setup();
    const id = call("getNumber", { service: "tg", country: "0" }).body.split(":")[1] ?? "";
    engine.deliverSms(id, { code: "111111" });
    engine.advance(1200);
    expect(call("getStatus", { id }).body).toBe("STATUS_CANCEL");
    expect(engine.getActivation(id)).toMatchObject({ state: "finished", refunded: false });
    expect(engine.getBalance(KEY)).toBe(9.6);
  });

  it("auto SMS arrives at its random delay and again 15-60 s after status 3", () => {
    // 0.5 → 80% draw passes; delay 20 + 0.5 * 70 = 55 s; code digits all 5.
    const { engine, call } = setup({ autoSms: true, random: sequence([0.5]) });
    const id = call("getNumber", { service: "tg", country: "0" }).body.split(":")[1] ?? "";
    engine.advance(54);
    expect(call("getStatus", { id }).body).toBe("STATUS_WAIT_CODE");
    engine.advance(1);
    expect(call("getStatus", { id }).body).toBe("STATUS_OK:555555");
    expect(engine.getActivation(id)?.sms[0]?.text).toBe("Your Telegram code is 555555");
    expect(call("setStatus", { id, status: "3" }).body).toBe("ACCESS_RETRY_GET");
    engine.advance(37); // 15 + 0.5 * 45 = 37.5 s
    expect(call("getStatus", { id }).body).toBe("STATUS_WAIT_RETRY:555555");
    engine.advance(1);
    expect(call("getStatus", { id }).body).toBe("STATUS_OK:555555");
    expect(engine.getActivation(id)?.codes).toHaveLength(2);
  });

  it("about 20% of activations never get an auto SMS and expire", () => {
    const { engine, call } = setup({ autoSms: true, random: sequence([0.9]) });
    const id = call("getNumber", { service: "tg", country: "0" }).body.split(":")[1] ?? "";
    expect(engine.getActivation(id)?.nextAutoSmsAt).toBeNull();
    engine.advance(1200);
    expect(engine.getActivation(id)?.state).toBe("expired");
  });

  it("autoSms: false on an activation keeps it deterministic in demo mode", () => {
    const { engine } = setup({ autoSms: true, random: sequence([0.1]) });
    const made = engine.createActivation({ key: KEY, service: "tg", country: "0", autoSms: false });
    if (!made.ok) throw new Error(made.error);
    engine.advance(600);
    expect(engine.getActivation(made.activation.id)).toMatchObject({
      state: "waiting",
      autoSms: false,
    });
  });

  it("reset() clears state and re-seeds accounts but never reuses ids", () => {
    const { engine, call } = setup();
    call("getNumber", { service: "tg", country: "0" });
    engine.setAccount("extra-key-123", 1);
    engine.advance(50);
    engine.reset();
    expect(engine.now()).toBe(T0);
    expect(engine.getBalance(KEY)).toBe(10);
    expect(engine.getBalance("extra-key-123")).toBeUndefined();
    expect(engine.getActivation("3100000001")).toBeUndefined();
    expect(call("getNumber", { service: "tg", country: "0" }).body).toMatch(
      /^ACCESS_NUMBER:3100000002:/,
    );
  });

  it("the snapshot exposes a key suffix, never the key", () => {
    const { engine, call } = setup();
    const id = call("getNumber", { service: "tg", country: "0" }).body.split(":")[1] ?? "";
    const snap = engine.getActivation(id);
    expect(snap?.keySuffix).toBe("0001");
    expect(JSON.stringify(snap)).not.toContain(KEY);
  });
});
