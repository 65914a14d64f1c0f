import { describe, expect, it } from "vitest";
import type { ActivationDto } from "@/lib/activations/dto";
import { activationRow } from "@/lib/activations/test-fixtures";
import { arrivedCodes, sameTeam, trackCodes } from "./code-arrivals";
import { rowKey } from "./table-state";

const RENDERED_AT = 1000;
const code = (c: string, at = 1) => ({ code: c, text: null, at });

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
    const tracker = trackCodes(rows, RENDERED_AT);
    expect(arrivedCodes(tracker, rows)).toEqual([]);
  });

  it("a row's new object with one more code counts once, and only that row", () => {
    const rows = [row("1"), row("2"), row("3")];
    const tracker = trackCodes(rows, RENDERED_AT);
    const next = [rows[0] as ActivationDto, row("2", ["222"]), rows[2] as ActivationDto];
    expect(arrivedCodes(tracker, next).map((a) => a.id)).toEqual(["2"]);
    expect(arrivedCodes(tracker, next)).toEqual([]);
    // The same codes in yet another object (another field moved) is no new code.
    expect(arrivedCodes(tracker, [row("2", ["222"])])).toEqual([]);
  });

  it("a new row counts from no code; rows are told apart by key and id", () => {
    const tracker = trackCodes([row("1", ["111"], "k1")], RENDERED_AT);
    const arrived = arrivedCodes(tracker, [
      row("1", ["111"], "k1"),
      row("1", ["999"], "k2"),
      row("4"),
    ]);
    expect(arrived.map((a) => `${a.keyId}/${a.id}`)).toEqual(["k2/1"]);
  });

  it("codes received after the server rendered the page alert at the first look", () => {
    const late = { ...row("2", ["222"]), codes: [code("111", 5), code("222", RENDERED_AT + 1)] };
    const rows = [row("1", ["111"]), late, row("3")];
    const tracker = trackCodes(rows, RENDERED_AT);
    expect(arrivedCodes(tracker, rows)).toEqual([late]);
    expect(arrivedCodes(tracker, rows)).toEqual([]);
  });

  it("forgets rows that left the set, so the map stays as big as the set", () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(String(i)));
    const tracker = trackCodes(rows, RENDERED_AT);
    let set = rows;
    for (let i = 10; i < 110; i++) {
      set = [...set.slice(1), row(String(i))];
      arrivedCodes(tracker, set);
    }
    expect(tracker.codes.size).toBe(10);
    expect([...tracker.codes.keys()].sort()).toEqual(set.map(rowKey).sort());
  });

  it("another team's keys need a new baseline; the same team's (a key more) do not", () => {
    const tracker = trackCodes([row("1")], RENDERED_AT, ["k1", "k2"]);
    expect(sameTeam(tracker, ["k1", "k2"])).toBe(true);
    expect(sameTeam(tracker, ["k2", "k3"])).toBe(true);
    expect(sameTeam(tracker, ["k7"])).toBe(false);
    expect(sameTeam(tracker, [])).toBe(false);
    const none = trackCodes([], RENDERED_AT, []);
    expect(sameTeam(none, [])).toBe(true);
    expect(sameTeam(none, ["k1"])).toBe(false);
  });
});
