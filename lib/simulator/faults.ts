// Queued misbehaviour for protocol calls, so client tests can reproduce every way a real
// provider fails: error pages, broken bodies, and — the nasty one — a call that was applied on
// the provider's side although the client never saw the answer (timeout/reset with apply).
import { z } from "zod";
import type { ProtocolResponse } from "./types";
import { APPLICATION_JSON, TEXT_PLAIN } from "./types";

export const FAULT_KINDS = [
  "timeout",
  "http500",
  "http502",
  "http429",
  "html",
  "empty",
  "truncated",
  "garbage",
  "reset",
  "token",
  "slow",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRequestSchema = z
  .object({
    action: z.string().min(1).optional(),
    kind: z.enum(FAULT_KINDS),
    token: z.string().optional(),
    times: z.number().int().min(1).max(10_000).default(1),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    apply: z.boolean().optional(),
  })
  .refine((f) => f.kind !== "token" || (f.token !== undefined && f.token !== ""), {
    message: "kind 'token' needs a token",
    path: ["token"],
  });

export type FaultRequest = z.infer<typeof faultRequestSchema>;

export interface Fault {
  action: string | null;
  kind: FaultKind;
  token: string | null;
  remaining: number;
  delayMs: number;
  /** Whether the call is really performed on the simulator's state before misbehaving. */
  apply: boolean;
}

const DEFAULT_DELAY_MS: Partial<Record<FaultKind, number>> = { timeout: 30_000, slow: 5_000 };

/** timeout and reset model "the provider did it but the answer got lost": applied by default. */
function defaultApply(kind: FaultKind): boolean {
  return kind === "timeout" || kind === "reset" || kind === "slow";
}

export function createFaultQueue() {
  let faults: Fault[] = [];
  const pending = (): number => faults.reduce((n, f) => n + f.remaining, 0);

  return {
    add(req: FaultRequest): number {
      faults.push({
        action: req.action ?? null,
        kind: req.kind,
        token: req.token ?? null,
        remaining: req.times,
        delayMs: req.delayMs ?? DEFAULT_DELAY_MS[req.kind] ?? 0,
        // A slow answer is a normal answer, late: it is always applied.
        apply: req.kind === "slow" ? true : (req.apply ?? defaultApply(req.kind)),
      });
      return pending();
    },
    /** Takes one use of the oldest fault matching this action (FIFO), if any. */
    take(action: string): Fault | null {
      const fault = faults.find((f) => f.action === null || f.action === action);
      if (!fault) return null;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
      return { ...fault };
    },
    /** Number of protocol calls still to be disturbed. */
    pending,
    list(): Fault[] {
      return faults.map((f) => ({ ...f }));
    },
    clear(): void {
      faults = [];
    },
  };
}

export type FaultQueue = ReturnType<typeof createFaultQueue>;

function htmlPage(status: number, title: string): string {
  return `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center><hr><center>nginx</center></body></html>\n`;
}

const GARBAGE_CHARS = "abcdefghijklmnopqrstuvwxyz 0123456789#%&*?!~";

/**
 * The answer sent instead of the real one for the "replace the body" kinds. timeout, reset and
 * slow do not replace the body and return null.
 */
export function faultAnswer(
  fault: Fault,
  random: () => number = Math.random,
): ProtocolResponse | null {
  switch (fault.kind) {
    case "token":
      return { status: 200, body: fault.token ?? "", contentType: TEXT_PLAIN };
    case "http500":
    case "http502":
    case "http429": {
      const status = Number(fault.kind.slice(4));
      // With a token: the "HTTP 4xx/5xx with the token in the body" variant of docs/protocol.md.
      if (fault.token) return { status, body: fault.token, contentType: TEXT_PLAIN };
      if (status === 429) return { status, body: "Too Many Requests", contentType: TEXT_PLAIN };
      const title = status === 500 ? "Internal Server Error" : "Bad Gateway";
      return { status, body: htmlPage(status, title), contentType: "text/html; charset=utf-8" };
    }
    case "html":
      return {
        status: 200,
        body: htmlPage(503, "Service Temporarily Unavailable"),
        contentType: "text/html; charset=utf-8",
      };
    case "empty":
      return { status: 200, body: "", contentType: TEXT_PLAIN };
    case "truncated":
      return {
        status: 200,
        body: '{"status":"success","activeActivations":[{"activationId":"31000',
        contentType: APPLICATION_JSON,
      };
    case "garbage": {
      // Lowercase with spaces and symbols: can never be mistaken for an UPPER_CASE token.
      let body = "";
      for (let i = 0; i < 24; i++) {
        body += GARBAGE_CHARS[Math.floor(random() * GARBAGE_CHARS.length)] ?? "?";
      }
      return { status: 200, body: `~${body}~`, contentType: TEXT_PLAIN };
    }
    default:
      return null;
  }
}
