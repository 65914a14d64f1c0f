import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_BODY_BYTES } from "./limits";
import { expectRejectsWith, setup } from "./test-helpers";

// transport.ts reads an answer as a stream and stops at the cap: before, `response.text()`
// buffered whatever size the other end chose to send.

/** A body that never ends, counting what was pulled and whether it was cancelled. */
function endless(chunk = "9".repeat(64 * 1024)) {
  const state = { pulled: 0, cancelled: false };
  const bytes = new TextEncoder().encode(chunk);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += bytes.byteLength;
      controller.enqueue(bytes);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe("answer size", () => {
  it("stops reading an endless answer at 1 MiB by default and cancels the stream", async () => {
    const { stream, state } = endless();
    const { client } = setup(() => new Response(stream));
    const error = await expectRejectsWith(client.getBalance(), "PROTOCOL_ERROR");
    expect(error.message).toContain(`larger than ${DEFAULT_MAX_BODY_BYTES} bytes`);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(DEFAULT_MAX_BODY_BYTES + 4 * 64 * 1024);
  });

  it("honours maxBodyBytes", async () => {
    const { stream, state } = endless("x".repeat(1000));
    const { client } = setup(() => new Response(stream), { maxBodyBytes: 4096 });
    const error = await expectRejectsWith(client.getStatus("1"), "PROTOCOL_ERROR");
    expect(error.message).toContain("larger than 4096 bytes");
    expect(state.pulled).toBeLessThanOrEqual(8000);
  });

  it("refuses a declared Content-Length over the cap without reading the body", async () => {
    const { stream, state } = endless();
    const { client } = setup(() => new Response(stream, { headers: { "content-length": "5000" } }), {
      maxBodyBytes: 4096,
    });
    await expectRejectsWith(client.getBalance(), "PROTOCOL_ERROR");
    expect(state.cancelled).toBe(true);
  });

  it("reads an answer of exactly the cap", async () => {
    const body = `ACCESS_BALANCE:12.5${" ".repeat(4096 - 19)}`;
    expect(body).toHaveLength(4096);
    const { client } = setup(() => ({ body }), { maxBodyBytes: 4096 });
    expect(await client.getBalance()).toBe(12.5);
  });

  it("decodes UTF-8 split across chunks", async () => {
    const bytes = new TextEncoder().encode("BANNED:'2026-12-31 é'");
    const split = bytes.indexOf(0xc3) + 1; // inside the two bytes of "é"
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const { client } = setup(() => new Response(stream));
    const error = await expectRejectsWith(client.getBalance(), "BANNED");
    expect(error.bannedUntil).toBe("2026-12-31 é");
  });
});

describe("redirects", () => {
  it.each([301, 302, 303, 307, 308])("a %i is refused, not followed, and its body never read", async (status) => {
    const { stream, state } = endless("BAD_KEY");
    const { client, calls, logs } = setup(
      () => new Response(stream, { status, headers: { location: "http://169.254.169.254/latest/meta-data/" } }),
    );
    const error = await expectRejectsWith(client.setStatus("1", 8), "REDIRECT_REFUSED");
    expect(error.httpStatus).toBe(status);
    expect(error.token).toBeUndefined();
    expect(error.outcomeUnknown).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.init.redirect).toBe("manual");
    expect(state.pulled).toBeLessThanOrEqual(7 * 2);
    expect(JSON.stringify(logs)).not.toContain("BAD_KEY");
    expect(JSON.stringify(logs)).not.toContain("169.254");
  });
});
