import { describe, expect, it } from "vitest";
import { createRequestLog } from "./request-log";

describe("request log", () => {
  it("records when a call arrived and when it was answered, on the real clock", () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const log = createRequestLog(() => now);
    const entry = log.record("GET", { action: "getActiveActivations", api_key: "secret-key-7f3a" });
    expect(entry).toMatchObject({ httpStatus: null, answeredAt: null, keySuffix: "7f3a" });
    now += 120;
    log.answered(entry, 200);
    expect(log.list()).toEqual([
      expect.objectContaining({
        at: "2026-01-01T00:00:00.000Z",
        answeredAt: "2026-01-01T00:00:00.120Z",
        httpStatus: 200,
      }),
    ]);
  });

  it("records the order parameters a getNumber was sent with", () => {
    const log = createRequestLog();
    log.record("POST", { action: "getNumberV2", api_key: "k", service: "mm", country: "73", maxPrice: "0.05", operator: "vivo" });
    log.record("GET", { action: "getBalance", api_key: "k" });
    expect(log.list().map(({ service, country, maxPrice, operator }) => [service, country, maxPrice, operator])).toEqual([
      ["mm", "73", "0.05", "vivo"],
      [null, null, null, null],
    ]);
  });
});
