import { afterEach, describe, expect, it, vi } from "vitest";
import { lookEachFrame, ROW_MOUNT_MS } from "./look-each-frame";

/** Frames run by hand, each `frameMs` after the last: a 120 Hz screen is 8.3 ms. */
function frames(frameMs: number) {
  let now = 0;
  let queued: (() => void)[] = [];
  vi.stubGlobal("requestAnimationFrame", (cb: () => void) => {
    queued.push(cb);
    return queued.length;
  });
  const step = () => {
    now += frameMs;
    const run = queued;
    queued = [];
    for (const cb of run) cb();
    return run.length;
  };
  return { now: () => now, step };
}

afterEach(() => vi.unstubAllGlobals());

describe("lookEachFrame", () => {
  it("keeps looking for up to the time given at 120 Hz, not for a count of frames", () => {
    const clock = frames(1000 / 120);
    let mounted: string | undefined;
    const found = vi.fn();
    lookEachFrame(() => mounted, found, ROW_MOUNT_MS, clock.now);
    // 600 ms of frames (72 of them) with the row not mounted yet: still looking.
    for (let i = 0; i < 72; i++) expect(clock.step()).toBe(1);
    mounted = "row";
    clock.step();
    expect(found).toHaveBeenCalledWith("row");
    expect(clock.step()).toBe(0);
  });

  it("gives up once the time is over", () => {
    const clock = frames(16);
    const found = vi.fn();
    lookEachFrame(() => undefined, found, 100, clock.now);
    let ran = 0;
    while (clock.step() > 0) ran++;
    expect(ran).toBeGreaterThanOrEqual(6);
    expect(ran).toBeLessThanOrEqual(8);
    expect(found).not.toHaveBeenCalled();
  });

  it("waits at least a second for a row", () => {
    expect(ROW_MOUNT_MS).toBeGreaterThanOrEqual(1000);
  });
});
