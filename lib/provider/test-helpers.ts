// Test-only helpers (imported by *.test.ts only, never by app code).
import { expect } from "vitest";
import { createProviderClient, type ProviderClientOptions } from "./client";
import type { ProviderErrorCode } from "./error-codes";
import { ProviderError } from "./errors";

/** Runs `fn`, asserts it throws a ProviderError with `code`, and returns the error. */
export function expectProviderError(fn: () => unknown, code: ProviderErrorCode): ProviderError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ProviderError);
  const error = caught as ProviderError;
  expect(error.code).toBe(code);
  return error;
}

/** Async variant for client calls. */
export async function expectRejectsWith(
  promise: Promise<unknown>,
  code: ProviderErrorCode,
): Promise<ProviderError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(ProviderError);
  const error = caught as ProviderError;
  expect(error.code).toBe(code);
  return error;
}

export const KEY = "KEY-should-never-leak-1234";
export const BASE = "http://127.0.0.1:3100";
export const ENDPOINT = `${BASE}/stubs/handler_api.php`;

export type Reply = { status?: number; body?: string; headers?: Record<string, string> };
export type Handler = (url: URL, init: RequestInit) => Reply | Response | Promise<Reply | Response>;
export type Call = { url: URL; init: RequestInit };

// A fetch that records requests and answers from `handler`.
export function fakeFetch(handler: Handler) {
  const calls: Call[] = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push({ url, init: init ?? {} });
    const reply = await handler(url, init ?? {});
    if (reply instanceof Response) return reply;
    return new Response(reply.body ?? "", { status: reply.status ?? 200, headers: reply.headers });
  }) as typeof fetch;
  return { fn, calls };
}

export const answer =
  (body: string, status = 200): Handler =>
  () => ({ body, status });

// Never answers; rejects with the signal's reason once the client's timeout aborts it.
export const hang: Handler = (_url, init) =>
  new Promise((_resolve, reject) => {
    init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
  });

export function setup(handler: Handler, extra: Partial<ProviderClientOptions> = {}) {
  const fake = fakeFetch(handler);
  const logs: { level: string; obj: object; msg?: string }[] = [];
  const logger = {
    info: (obj: object, msg?: string) => logs.push({ level: "info", obj, msg }),
    warn: (obj: object, msg?: string) => logs.push({ level: "warn", obj, msg }),
  };
  const client = createProviderClient({
    baseUrl: BASE,
    apiKey: KEY,
    fetch: fake.fn,
    logger,
    ...extra,
  });
  return { client, calls: fake.calls, logs };
}

export const params = (call: Call | undefined) => Object.fromEntries(call?.url.searchParams ?? []);
