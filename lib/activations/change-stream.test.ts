import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { changeStreamResponse, type NoticeSource, noticeSource, watchTeamChanges } from "./change-stream";

// The change stream with fake notices and fake timers: which notices reach a team, how bursts are
// folded, and that nothing (listener, timer) outlives the client.

const TEAMS: Record<string, string> = { "key-a": "team-a", "key-a2": "team-a", "key-b": "team-b" };
const teamOfKey = async (keyId: string) => TEAMS[keyId] ?? null;
const notice = (keyId: string) => JSON.stringify({ keyId });

function fakeSource() {
  const emitter = new EventEmitter();
  const source: NoticeSource = {
    listen: (fn) => {
      emitter.on("change", fn);
      return () => emitter.off("change", fn);
    },
    onResumed: (fn) => {
      emitter.on("resumed", fn);
      return () => emitter.off("resumed", fn);
    },
  };
  return {
    source,
    emit: (payload: string) => emitter.emit("change", payload),
    resume: () => emitter.emit("resumed"),
    listeners: () => emitter.listenerCount("change") + emitter.listenerCount("resumed"),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("watchTeamChanges", () => {
  it("passes on notices of the team's keys only, and ignores payloads it cannot read", async () => {
    const fake = fakeSource();
    const onChange = vi.fn();
    const stop = watchTeamChanges({ teamId: "team-a", source: fake.source, teamOfKey, onChange, coalesceMs: 150 });
    fake.emit(notice("key-b"));
    fake.emit(notice("unknown-key"));
    fake.emit("not json");
    fake.emit(JSON.stringify({ other: 1 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(onChange).not.toHaveBeenCalled();

    fake.emit(notice("key-a2"));
    await vi.advanceTimersByTimeAsync(0);
    expect(onChange).toHaveBeenCalledTimes(1);
    stop();
  });

  it("folds a burst into one change at once and one at the end of the window", async () => {
    const fake = fakeSource();
    const onChange = vi.fn();
    const stop = watchTeamChanges({ teamId: "team-a", source: fake.source, teamOfKey, onChange, coalesceMs: 150 });
    for (let i = 0; i < 20; i++) fake.emit(notice(i % 2 ? "key-a" : "key-a2"));
    await vi.advanceTimersByTimeAsync(0);
    expect(onChange).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(149);
    expect(onChange).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(onChange).toHaveBeenCalledTimes(2);
    // Quiet afterwards: nothing more, and the next notice goes out at once.
    await vi.advanceTimersByTimeAsync(1000);
    expect(onChange).toHaveBeenCalledTimes(2);
    fake.emit(notice("key-a"));
    await vi.advanceTimersByTimeAsync(0);
    expect(onChange).toHaveBeenCalledTimes(3);
    stop();
  });

  it("sends at most one change per window under a steady stream of notices", async () => {
    const fake = fakeSource();
    const onChange = vi.fn();
    const stop = watchTeamChanges({ teamId: "team-a", source: fake.source, teamOfKey, onChange, coalesceMs: 150 });
    for (let t = 0; t < 1500; t += 10) {
      fake.emit(notice("key-a"));
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(onChange.mock.calls.length).toBeGreaterThanOrEqual(9);
    expect(onChange.mock.calls.length).toBeLessThanOrEqual(11);
    stop();
  });

  it("tells every team to refetch when notices may have been lost", async () => {
    const fake = fakeSource();
    const onChange = vi.fn();
    const stop = watchTeamChanges({ teamId: "team-b", source: fake.source, teamOfKey, onChange });
    fake.resume();
    expect(onChange).toHaveBeenCalledTimes(1);
    stop();
  });

  it("refetches when it cannot tell whose key a notice is about", async () => {
    const fake = fakeSource();
    const onChange = vi.fn();
    const failing = async () => {
      throw new Error("database is down");
    };
    const stop = watchTeamChanges({ teamId: "team-a", source: fake.source, teamOfKey: failing, onChange });
    fake.emit(notice("key-a"));
    await vi.advanceTimersByTimeAsync(0);
    expect(onChange).toHaveBeenCalledTimes(1);
    stop();
  });

  it("stops listening, and sends nothing pending, once stopped", async () => {
    const fake = fakeSource();
    const onChange = vi.fn();
    const stop = watchTeamChanges({ teamId: "team-a", source: fake.source, teamOfKey, onChange, coalesceMs: 150 });
    fake.emit(notice("key-a"));
    await vi.advanceTimersByTimeAsync(0);
    fake.emit(notice("key-a"));
    await vi.advanceTimersByTimeAsync(0);
    stop();
    expect(fake.listeners()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});

function openStream(overrides: { stillAllowed?: () => Promise<boolean> } = {}) {
  const fake = fakeSource();
  const abort = new AbortController();
  const response = changeStreamResponse({
    teamId: "team-a",
    source: fake.source,
    teamOfKey,
    signal: abort.signal,
    stillAllowed: overrides.stillAllowed ?? (async () => true),
    heartbeatMs: 15_000,
    coalesceMs: 150,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const next = async () => {
    const chunk = await reader.read();
    return chunk.done ? null : decoder.decode(chunk.value);
  };
  return { fake, abort, response, reader, next };
}

describe("changeStreamResponse", () => {
  it("answers with an event stream no cache or proxy holds back", () => {
    const { response, abort } = openStream();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("connection")).toBe("keep-alive");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    abort.abort();
  });

  it("says hello first, then a data-free change per notice of the team", async () => {
    const { fake, abort, next } = openStream();
    expect(await next()).toBe("retry: 2000\nevent: hello\ndata: {}\n\n");
    fake.emit(notice("key-b"));
    fake.emit(notice("key-a"));
    await vi.advanceTimersByTimeAsync(0);
    expect(await next()).toBe("event: change\ndata: {}\n\n");
    abort.abort();
  });

  it("sends a heartbeat comment and re-checks the session on every beat", async () => {
    const stillAllowed = vi.fn(async () => true);
    const { abort, next } = openStream({ stillAllowed });
    await next();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await next()).toBe(": ping\n\n");
    expect(stillAllowed).toHaveBeenCalledTimes(1);
    abort.abort();
  });

  it("ends the stream and lets go of everything once the session no longer allows it", async () => {
    const { fake, next } = openStream({ stillAllowed: async () => false });
    await next();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await next()).toBe(": ping\n\n");
    expect(await next()).toBeNull();
    expect(fake.listeners()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps the stream when the session check itself fails", async () => {
    const { fake, abort, next } = openStream({
      stillAllowed: async () => {
        throw new Error("database is down");
      },
    });
    await next();
    await vi.advanceTimersByTimeAsync(15_000);
    await next();
    expect(fake.listeners()).toBe(2);
    abort.abort();
  });

  it("unsubscribes and stops its timers when the client disconnects", async () => {
    const { fake, abort, next } = openStream();
    await next();
    fake.emit(notice("key-a"));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.listeners()).toBe(2);
    abort.abort();
    expect(fake.listeners()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("unsubscribes and stops its timers when the stream is cancelled", async () => {
    const { fake, reader, next } = openStream();
    await next();
    await reader.cancel();
    expect(fake.listeners()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("leaves no listener on the process's notice channels after many streams come and go", async () => {
    const local = (globalThis as unknown as { smsDeskNotices: EventEmitter }).smsDeskNotices;
    const count = (): [number, number] => [local.listenerCount("sms_desk_changes"), local.listenerCount("resumed")];
    const before = count();
    const aborts = Array.from({ length: 25 }, () => new AbortController());
    for (const abort of aborts) {
      changeStreamResponse({ teamId: "team-a", source: noticeSource, teamOfKey, signal: abort.signal, stillAllowed: async () => true });
    }
    expect(count()).toEqual([before[0] + 25, before[1] + 25]);
    for (const abort of aborts) abort.abort();
    expect(count()).toEqual(before);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("ends open streams at once when the instance shuts down, so the server can close", async () => {
    const { fake, next } = openStream();
    await next();
    const { announceShutdown } = await import("@/lib/shutdown");
    announceShutdown();
    try {
      expect(await next()).toBeNull();
      expect(fake.listeners()).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      (globalThis as { smsDeskShuttingDown?: boolean }).smsDeskShuttingDown = false;
    }
  });
});
