import { describe, expect, it } from "vitest";
import { parseKeys, readConfig } from "./env";
import { parseLatency } from "./http-util";

describe("simulator settings", () => {
  it("parses SIM_KEYS, splitting on the last colon", () => {
    expect(parseKeys("alpha:10, beta:0.5,ns:key:3")).toEqual({ alpha: 10, beta: 0.5, "ns:key": 3 });
    expect(parseKeys(undefined)).toEqual({});
  });

  it("rejects bad SIM_KEYS entries without echoing the key", () => {
    expect(() => parseKeys("good:1,secret-key")).toThrow(/entry #2/);
    expect(() => parseKeys("good:1,secret-key")).not.toThrow(/secret/);
    expect(() => parseKeys("k:-1")).toThrow();
  });

  it("parses SIM_LATENCY_MS as a number or a range", () => {
    expect(parseLatency("")).toBeNull();
    expect(parseLatency("40")).toEqual({ min: 40, max: 40 });
    expect(parseLatency("20-80")).toEqual({ min: 20, max: 80 });
    expect(() => parseLatency("80-20")).toThrow();
    expect(() => parseLatency("fast")).toThrow();
  });

  it("has the documented defaults", () => {
    expect(readConfig({})).toEqual({
      host: "127.0.0.1",
      port: 3100,
      seedAccounts: {},
      autoSms: true,
      latency: null,
      earlyCancelSeconds: 120,
      lifetimeSeconds: 1200,
      listing: { pageLimit: null, shape: "activeActivations" },
      webhookRetry: null,
    });
    expect(readConfig({ SIM_AUTO_SMS: "0", SIM_PORT: "3991" })).toMatchObject({
      autoSms: false,
      port: 3991,
    });
    expect(() => readConfig({ SIM_PORT: "abc" })).toThrow(/SIM_PORT/);
  });

  it("reads SIM_WEBHOOK_RETRY_MS", () => {
    expect(readConfig({ SIM_WEBHOOK_RETRY_MS: "200-300" }).webhookRetry).toEqual({ min: 200, max: 300 });
    expect(() => readConfig({ SIM_WEBHOOK_RETRY_MS: "soon" })).toThrow();
  });

  it("reads SIM_PAGE_LIMIT and SIM_LIST_SHAPE", () => {
    expect(readConfig({ SIM_PAGE_LIMIT: "100", SIM_LIST_SHAPE: "data" }).listing).toEqual({ pageLimit: 100, shape: "data" });
    expect(readConfig({ SIM_PAGE_LIMIT: " ", SIM_LIST_SHAPE: "rows" }).listing).toEqual({ pageLimit: null, shape: "rows" });
    expect(() => readConfig({ SIM_PAGE_LIMIT: "0" })).toThrow(/SIM_PAGE_LIMIT/);
    expect(() => readConfig({ SIM_PAGE_LIMIT: "ten" })).toThrow(/SIM_PAGE_LIMIT/);
    expect(() => readConfig({ SIM_LIST_SHAPE: "table" })).toThrow(/SIM_LIST_SHAPE/);
  });
});
