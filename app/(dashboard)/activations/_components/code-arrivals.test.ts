import { describe, expect, it } from "vitest";
import type { ActivationDto } from "@/lib/activations/dto";
import { activationRow } from "@/lib/activations/test-fixtures";
import { arrivedCodes, trackCodes } from "./code-arrivals";

const code = (c: string) => ({ code: c, text: null, at: 1 });

const row = (id: string, codes: string[] = [], keyId = "k1"): ActivationDto =>
  activationRow({
    id,
    keyId,
    state: codes.length > 0 ? "code_received" : "waiting",
    codes: codes.map(code),
  });

describe("code arrivals", () => {
  it("codes on screen when the page opens never count", () => {
    const rows = [row("1", ["111"]), row("2")];
    const tracker = trackCodes(rows);
    expect(arrivedCodes(tracker, rows)).toEqual([]);
  });

  it("a row's new object with one more code counts once, and only that row", () => {
    const rows = [row("1"), row("2"), row("3")];
    const tracker = trackCodes(rows);
    const next = [rows[0] as ActivationDto, row("2", ["222"]), rows[2] as ActivationDto];
    expect(arrivedCodes(tracker, next).map((a) => a.id)).toEqual(["2"]);
    expect(arrivedCodes(tracker, next)).toEqual([]);
    // The same codes in yet another object (another field moved) is no new code.
    expect(arrivedCodes(tracker, [row("2", ["222"])])).toEqual([]);
  });

  it("a new row counts from no code; rows are told apart by key and id", () => {
    const tracker = trackCodes([row("1", ["111"], "k1")]);
    const arrived = arrivedCodes(tracker, [
      row("1", ["111"], "k1"),
      row("1", ["999"], "k2"),
      row("4"),
    ]);
    expect(arrived.map((a) => `${a.keyId}/${a.id}`)).toEqual(["k2/1"]);
  });
});
