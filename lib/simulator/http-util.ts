// Small node:http helpers shared by the protocol endpoint and the control API.
import type { IncomingMessage, ServerResponse } from "node:http";
import { APPLICATION_JSON } from "./types";

const MAX_BODY_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError("request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function searchParamsToRecord(sp: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  // Last occurrence wins, as in PHP's $_GET/$_POST (the real handler_api.php is PHP).
  for (const [k, v] of sp) out[k] = v;
  return out;
}

/**
 * Sends a complete answer. The Date header comes from the simulator clock, not the wall clock,
 * so clients that follow the provider's time see the jumps made by advance().
 */
export function send(
  res: ServerResponse,
  simNow: number,
  status: number,
  body: string,
  contentType: string,
): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  res.setHeader("Date", new Date(simNow).toUTCString());
  res.setHeader("Content-Type", contentType);
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.setHeader("Cache-Control", "no-store");
  res.end(body);
}

export function sendJson(res: ServerResponse, simNow: number, status: number, value: unknown) {
  send(res, simNow, status, JSON.stringify(value), APPLICATION_JSON);
}

/**
 * Waits ms, but gives up as soon as the client goes away (resolves false) so held answers do
 * not keep timers alive after an abort or a server shutdown.
 */
export function waitUnlessClosed(res: ServerResponse, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!res.destroyed);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(!res.destroyed);
    }, ms);
    res.once("close", onClose);
  });
}

export interface LatencyRange {
  min: number;
  max: number;
}

/** Parses SIM_LATENCY_MS: "40" or "20-80". Empty → no latency. Throws on anything else. */
export function parseLatency(value: string | undefined): LatencyRange | null {
  const v = (value ?? "").trim();
  if (v === "" || v === "0") return null;
  const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(v);
  if (!m) throw new Error(`SIM_LATENCY_MS must be "<ms>" or "<min>-<max>", got "${v}"`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw new Error(`SIM_LATENCY_MS range is reversed: "${v}"`);
  return { min, max };
}
