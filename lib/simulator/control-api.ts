// The /__sim/ control API: lets tests and demos seed accounts, create activations, deliver SMS,
// move the clock, queue faults and read the request log. JSON in, JSON out. It has no auth:
// the simulator is a local test tool and binds to 127.0.0.1 by default.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { SimulatorEngine } from "./engine";
import type { FaultQueue } from "./faults";
import { faultRequestSchema } from "./faults";
import { BodyTooLargeError, readBody, sendJson } from "./http-util";
import type { RequestLog } from "./request-log";
import { isLoopbackUrl } from "./webhooks";

export interface ControlContext {
  engine: SimulatorEngine;
  faults: FaultQueue;
  log: RequestLog;
}

const keySchema = z.object({
  key: z.string().min(1).max(200),
  balance: z.number().finite().min(0),
});

const activationSchema = z.object({
  key: z.string().min(1),
  service: z.string().min(1),
  country: z.union([z.string().min(1), z.number().int().transform(String)]),
  phone: z
    .string()
    .regex(/^\+?\d{6,15}$/, "phone must be 6-15 digits")
    .transform((p) => p.replace("+", ""))
    .optional(),
  operator: z.string().min(1).optional(),
  autoSms: z.boolean().optional(),
  ageSeconds: z.number().int().min(0).max(86_400).optional(),
});

const smsSchema = z.object({
  code: z.string().min(1).max(32).optional(),
  text: z.string().min(1).max(1000).optional(),
});

const clockSchema = z.object({ advanceSeconds: z.number().finite().min(0) });

const stockSchema = z.object({
  country: z.union([z.string().min(1).max(20), z.number().int().transform(String)]),
  service: z.string().min(1).max(20).optional(),
  /** Null: back to plenty. */
  count: z.number().int().min(0).nullable(),
});

const retryRange = z
  .object({ min: z.number().int().min(0).max(600_000), max: z.number().int().min(0).max(600_000) })
  .refine((r) => r.max >= r.min, "max must be >= min");

const webhookSchema = z.object({
  key: z.string().min(1).max(200),
  /** Null removes the key's webhook. Loopback only: the simulator never POSTs elsewhere. */
  url: z.string().max(2000).refine(isLoopbackUrl, "url must be http(s) to localhost/127.x/::1").nullable(),
  retryMs: retryRange.optional(),
});

const pollLagSchema = z.object({ key: z.string().min(1).max(200), ms: z.number().int().min(0).max(3_600_000) });

class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error));
  }
}

async function jsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const raw = await readBody(req);
  let value: unknown = {};
  if (raw.trim() !== "") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ControlError(400, { error: "BAD_JSON" });
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ControlError(400, { error: "BAD_REQUEST", issues: z.flattenError(parsed.error) });
  }
  return parsed.data;
}

type Handler = (
  ctx: ControlContext,
  req: IncomingMessage,
  match: RegExpExecArray,
  url: URL,
) => Promise<[number, unknown]> | [number, unknown];

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const routes: Route[] = [
  { method: "GET", pattern: /^\/__sim\/health$/, handler: () => [200, { ok: true }] },
  {
    method: "POST",
    pattern: /^\/__sim\/reset$/,
    handler: ({ engine, faults, log }) => {
      engine.reset();
      faults.clear();
      log.clear();
      return [200, { ok: true }];
    },
  },
  {
    method: "POST",
    pattern: /^\/__sim\/keys$/,
    handler: async ({ engine }, req) => {
      const body = await jsonBody(req, keySchema);
      engine.setAccount(body.key, body.balance);
      return [200, { ok: true, balance: engine.getBalance(body.key) }];
    },
  },
  {
    method: "GET",
    pattern: /^\/__sim\/accounts\/([^/]+)$/,
    handler: ({ engine }, _req, m) => {
      const balance = engine.getBalance(decodeURIComponent(m[1] ?? ""));
      return balance === undefined ? [404, { error: "BAD_KEY" }] : [200, { balance }];
    },
  },
  {
    method: "POST",
    pattern: /^\/__sim\/activations$/,
    handler: async ({ engine }, req) => {
      const body = await jsonBody(req, activationSchema);
      const result = engine.createActivation(body);
      if (!result.ok) return [400, { error: result.error }];
      const act = result.activation;
      return [200, { id: act.id, phone: act.phone, cost: act.costCents / 100 }];
    },
  },
  {
    method: "GET",
    pattern: /^\/__sim\/activations\/(\d+)$/,
    handler: ({ engine }, _req, m) => {
      const snap = engine.getActivation(m[1] ?? "");
      return snap ? [200, snap] : [404, { error: "NO_ACTIVATION" }];
    },
  },
  {
    method: "POST",
    pattern: /^\/__sim\/activations\/(\d+)\/sms$/,
    handler: async ({ engine }, req, m) => {
      const body = await jsonBody(req, smsSchema);
      const id = m[1] ?? "";
      const result = engine.deliverSms(id, body);
      if (result.ok) return [200, { ok: true, code: result.code, text: result.text }];
      if (result.error === "NOT_FOUND") return [404, { error: "NO_ACTIVATION" }];
      return [409, { error: "NOT_WAITING", state: engine.getActivation(id)?.state ?? null }];
    },
  },
  {
    method: "GET",
    pattern: /^\/__sim\/clock$/,
    handler: ({ engine }) => [200, { now: new Date(engine.now()).toISOString() }],
  },
  {
    method: "POST",
    pattern: /^\/__sim\/clock$/,
    handler: async ({ engine }, req) => {
      const body = await jsonBody(req, clockSchema);
      engine.advance(body.advanceSeconds);
      return [200, { now: new Date(engine.now()).toISOString() }];
    },
  },
  {
    method: "POST",
    pattern: /^\/__sim\/stock$/,
    handler: async ({ engine }, req) => {
      const body = await jsonBody(req, stockSchema);
      engine.setStock(body.country, body.service ?? null, body.count);
      return [200, { ok: true }];
    },
  },
  {
    method: "POST",
    pattern: /^\/__sim\/webhook$/,
    handler: async ({ engine }, req) => {
      const body = await jsonBody(req, webhookSchema);
      engine.webhooks.setTarget(body.key, body.url, body.retryMs);
      return [200, { ok: true }];
    },
  },
  {
    method: "GET",
    pattern: /^\/__sim\/webhook$/,
    handler: ({ engine }) => [200, { attempts: engine.webhooks.attempts() }],
  },
  {
    method: "POST",
    pattern: /^\/__sim\/poll-lag$/,
    handler: async ({ engine }, req) => {
      const body = await jsonBody(req, pollLagSchema);
      engine.webhooks.setPollLag(body.key, body.ms);
      return [200, { ok: true }];
    },
  },
  {
    method: "GET",
    pattern: /^\/__sim\/faults$/,
    handler: ({ faults }) => [200, { queued: faults.pending(), faults: faults.list() }],
  },
  {
    method: "POST",
    pattern: /^\/__sim\/faults$/,
    handler: async ({ faults }, req) => {
      const body = await jsonBody(req, faultRequestSchema);
      return [200, { queued: faults.add(body) }];
    },
  },
  {
    method: "DELETE",
    pattern: /^\/__sim\/faults$/,
    handler: ({ faults }) => {
      faults.clear();
      return [200, { queued: 0 }];
    },
  },
  {
    method: "GET",
    pattern: /^\/__sim\/requests$/,
    handler: ({ log }, _req, _m, url) => {
      const q = url.searchParams;
      const filter = {
        action: q.get("action") ?? undefined,
        id: q.get("id") ?? undefined,
        status: q.get("status") ?? undefined,
      };
      return [200, log.list(filter)];
    },
  },
  {
    method: "DELETE",
    pattern: /^\/__sim\/requests$/,
    handler: ({ log }) => {
      log.clear();
      return [200, { ok: true }];
    },
  },
];

export async function handleControl(
  ctx: ControlContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const now = () => ctx.engine.now();
  const matching = routes
    .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
    .filter((r) => r.match !== null);
  if (matching.length === 0) return sendJson(res, now(), 404, { error: "NOT_FOUND" });
  const hit = matching.find((r) => r.route.method === req.method);
  if (!hit?.match) {
    res.setHeader("Allow", matching.map((r) => r.route.method).join(", "));
    return sendJson(res, now(), 405, { error: "METHOD_NOT_ALLOWED" });
  }
  try {
    const [status, body] = await hit.route.handler(ctx, req, hit.match, url);
    sendJson(res, now(), status, body);
  } catch (err) {
    if (err instanceof ControlError) return sendJson(res, now(), err.status, err.body);
    if (err instanceof BodyTooLargeError) return sendJson(res, now(), 413, { error: "TOO_LARGE" });
    sendJson(res, now(), 500, { error: "INTERNAL", message: (err as Error).message });
  }
}
