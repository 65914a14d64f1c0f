// HTTP front of the simulator: /stubs/handler_api.php (GET, POST query, POST form body) plus
// the /__sim/ control API. Plain node:http so it runs anywhere `tsx` does, without Next.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleControl } from "./control-api";
import type { SimulatorEngine } from "./engine";
import { createFaultQueue, type FaultQueue, faultAnswer } from "./faults";
import {
  BodyTooLargeError,
  type LatencyRange,
  readBody,
  searchParamsToRecord,
  send,
  waitUnlessClosed,
} from "./http-util";
import { createRequestLog, type RequestLog } from "./request-log";
import { type ProtocolResponse, TEXT_PLAIN } from "./types";

export const PROTOCOL_PATH = "/stubs/handler_api.php";

export interface SimulatorServerOptions {
  /** Artificial latency for protocol calls only (the control API stays fast for tests). */
  latency?: LatencyRange | null;
  random?: () => number;
  faults?: FaultQueue;
  log?: RequestLog;
}

interface Context {
  engine: SimulatorEngine;
  faults: FaultQueue;
  log: RequestLog;
  latency: LatencyRange | null;
  random: () => number;
}

/** Query parameters merged with a form body; body wins, like PHP's $_REQUEST. */
async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
  const params = searchParamsToRecord(url.searchParams);
  if (req.method !== "POST") return params;
  const raw = await readBody(req);
  if (raw === "") return params;
  const contentType = req.headers["content-type"] ?? "";
  if (contentType.includes("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
    for (const [k, v] of form) if (typeof v === "string") params[k] = v;
    return params;
  }
  if (contentType.includes("json")) return params; // not part of the protocol: ignored
  return { ...params, ...searchParamsToRecord(new URLSearchParams(raw)) };
}

function latencyMs(ctx: Context): number {
  if (!ctx.latency) return 0;
  const { min, max } = ctx.latency;
  return Math.round(min + ctx.random() * (max - min));
}

async function handleProtocolRequest(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "POST") {
    res.setHeader("Allow", "GET, POST");
    return send(res, ctx.engine.now(), 405, "Method Not Allowed", TEXT_PLAIN);
  }
  const params = await readParams(req, url);
  const entry = ctx.log.record(req.method, params);
  const fault = ctx.faults.take(params.action ?? "");
  entry.fault = fault?.kind ?? null;

  if (!(await waitUnlessClosed(res, latencyMs(ctx)))) return;

  const reply = (answer: ProtocolResponse) => {
    ctx.log.answered(entry, answer.status);
    send(res, ctx.engine.now(), answer.status, answer.body, answer.contentType);
  };
  if (!fault) return reply(ctx.engine.handle(params));

  // The call reaches the state first when the fault models "done, but the answer was lost".
  const real = fault.apply ? ctx.engine.handle(params) : null;
  switch (fault.kind) {
    case "reset":
      req.socket.destroy();
      return;
    case "timeout":
    case "slow": {
      if (!(await waitUnlessClosed(res, fault.delayMs))) return;
      // A non-applied timeout never answers: the provider "never got" the call.
      if (!real) {
        req.socket.destroy();
        return;
      }
      return reply(real);
    }
    default: {
      const answer = faultAnswer(fault, ctx.random);
      if (answer) reply(answer);
    }
  }
}

export function createSimulatorServer(
  engine: SimulatorEngine,
  opts: SimulatorServerOptions = {},
): Server {
  const ctx: Context = {
    engine,
    faults: opts.faults ?? createFaultQueue(),
    log: opts.log ?? createRequestLog(),
    latency: opts.latency ?? null,
    random: opts.random ?? Math.random,
  };

  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://simulator.local");
    const work =
      url.pathname === PROTOCOL_PATH
        ? handleProtocolRequest(ctx, req, res, url)
        : url.pathname.startsWith("/__sim/")
          ? handleControl(ctx, req, res, url)
          : Promise.resolve(send(res, engine.now(), 404, "Not Found", TEXT_PLAIN));
    work.catch((err: unknown) => {
      if (err instanceof BodyTooLargeError) {
        return send(res, engine.now(), 413, "Payload Too Large", TEXT_PLAIN);
      }
      // Never log params or URLs here: they carry the api_key.
      console.error("simulator: request failed:", (err as Error).message);
      // ERROR_SQL is the protocol's "transient provider-side error" token.
      send(res, engine.now(), 500, "ERROR_SQL", TEXT_PLAIN);
    });
  });
}
