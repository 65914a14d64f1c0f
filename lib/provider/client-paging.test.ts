import { describe, expect, it } from "vitest";
import { answer, params, setup } from "./test-helpers";

// getActiveActivations' page parameters (HeroSMS: start, limit at most 100).

const EMPTY = '{"status":"error","error":"NO_ACTIVATIONS"}';

describe("getActiveActivations paging", () => {
  it("sends start and limit when asked for a page", async () => {
    const { client, calls } = setup(answer(EMPTY));
    expect(await client.getActiveActivations({ start: 200, limit: 100 })).toEqual([]);
    expect(params(calls[0])).toMatchObject({
      action: "getActiveActivations",
      start: "200",
      limit: "100",
    });
  });

  it("sends neither without a page (providers without paging)", async () => {
    const { client, calls } = setup(answer(EMPTY));
    await client.getActiveActivations();
    expect(Object.keys(params(calls[0])).sort()).toEqual(["action", "api_key"]);
  });

  it.each([
    { start: -1, limit: 100 },
    { start: 0, limit: 0 },
    { start: 0, limit: 101 },
    { start: 1.5, limit: 10 },
    { start: 0, limit: Number.NaN },
  ])("refuses %j without sending anything", async (page) => {
    const { client, calls } = setup(answer(EMPTY));
    await expect(client.getActiveActivations(page)).rejects.toThrow(RangeError);
    expect(calls).toHaveLength(0);
  });

  it("logs each page with its row count, the key redacted from the URL", async () => {
    const row = {
      activationId: "5",
      serviceCode: "wa",
      phoneNumber: "55",
      activationStatus: "4",
      countryCode: "73",
    };
    const { client, logs } = setup(answer(JSON.stringify({ status: "success", data: [row] })));
    await client.getActiveActivations({ start: 0, limit: 100 });
    expect(logs).toEqual([
      expect.objectContaining({
        level: "info",
        obj: expect.objectContaining({ action: "getActiveActivations", count: 1 }),
      }),
    ]);
    const url = String((logs[0]?.obj as { url?: string } | undefined)?.url);
    expect(url).toContain("start=0");
    expect(url).not.toContain("KEY-should-never-leak");
  });
});
