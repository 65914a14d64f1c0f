import "server-only";
import { providerEndpoint } from "./endpoint";
import { ProviderError } from "./errors";
import { DEFAULT_MAX_BODY_BYTES } from "./limits";
import {
  type ActiveActivation,
  type GetStatusResult,
  type NumberOrder,
  parseActiveActivations,
  parseGetBalance,
  parseGetNumber,
  parseGetStatus,
  parseSetStatus,
  type SetStatusCode,
  type SetStatusResult,
} from "./parse";
import { parseOperators } from "./parse-operators";
import { type PriceOffer, parsePrices } from "./parse-prices";
import { redactSecret, redactUrl } from "./redact";
import { type ServerDateRead, sendRequest } from "./transport";

export type ProviderLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
};

export type ProviderClientOptions = {
  /** e.g. "https://api.sms.online", or the documented "https://api.sms.online/stubs/handler_api.php". */
  baseUrl: string;
  apiKey: string;
  /** Per request, default 10 s. */
  timeoutMs?: number;
  /** Largest answer read, default 1 MiB (PROVIDER_MAX_BODY_BYTES); a larger one is PROTOCOL_ERROR. */
  maxBodyBytes?: number;
  /** Injectable for tests. */
  fetch?: typeof fetch;
  /** Called with the HTTP Date header of every response that has one (provider clock). */
  onServerDate?: (read: ServerDateRead) => void;
  /**
   * Awaited before each request, before its timeout starts (the rate limit's wait). What it
   * throws propagates as it is, never as a ProviderError: nothing was sent.
   */
  beforeRequest?: () => Promise<void>;
  /** A bound on every request's timeout (a sync pass's lease), see RequestDeadline. */
  deadline?: RequestDeadline;
  logger?: ProviderLogger;
};

/**
 * `at()`: a performance.now() instant no request may outlive; a request is cut off there (its
 * timeout shortened), and not sent at all with less than `minWindowMs` (default 1 s) left.
 */
export type RequestDeadline = { at: () => number; minWindowMs?: number };

/** Not worth starting a request with less time than this before the deadline. */
export const MIN_REQUEST_WINDOW_MS = 1000;

/** A request refused before it was sent (the deadline too close): nothing reached the provider. */
export class RequestNotSent extends Error {
  static {
    RequestNotSent.prototype.name = "RequestNotSent";
  }
}

export type ProviderClient = {
  getBalance(): Promise<number>;
  getStatus(id: string): Promise<GetStatusResult>;
  setStatus(id: string, status: SetStatusCode): Promise<SetStatusResult>;
  /**
   * One page of the active activations (`start`/`limit`, HeroSMS: limit at most 100), or the
   * whole list as providers without paging answer it. A provider that ignores the parameters
   * answers everything: callers page until an empty page (lib/sync/list-pages.ts).
   */
  getActiveActivations(page?: ListPage): Promise<ActiveActivation[]>;
  getNumber(input: GetNumberInput): Promise<NumberOrder>;
  /** What each country sells (a service) for, with its stock; both filters optional. */
  getPrices(filter?: PriceFilter): Promise<PriceOffer[]>;
  /**
   * The operators a country's numbers can be asked from ("any" left out); empty when the provider
   * lists none, including a provider without getOperators (BAD_ACTION is not an error here).
   */
  getOperators(country: string): Promise<string[]>;
};

export type PriceFilter = { service?: string; country?: string };

/** A page of getActiveActivations: offset and size, in rows. */
export type ListPage = { start: number; limit: number };

/** HeroSMS's documented largest page. */
export const MAX_PAGE_LIMIT = 100;

function pageParams(page: ListPage | undefined): Record<string, string> | undefined {
  if (!page) return undefined;
  const { start, limit } = page;
  // Our own mistake, not the provider's: refused before anything is sent.
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new RangeError(`a page is start >= 0 and 1 <= limit <= ${MAX_PAGE_LIMIT}`);
  }
  return { start: String(start), limit: String(limit) };
}

export type GetNumberInput = {
  service: string;
  country: string;
  maxPrice?: number;
  operator?: string;
  orderId?: string;
};

export const DEFAULT_TIMEOUT_MS = 10_000;
const SET_STATUS_CODES: readonly number[] = [1, 3, 6, 8];

type Call<T> = {
  action: string;
  params?: Record<string, string | undefined>;
  /** Activation id for the log line (request id, or the id a purchase returned). */
  id?: string;
  status?: SetStatusCode;
  parse: (httpStatus: number, body: string) => T;
  /** What the log line says about a success; never an SMS code or other user data. */
  outcome: (result: T) => { outcome: string; id?: string; count?: number };
};

function endpointFor(baseUrl: string): string {
  const endpoint = providerEndpoint(baseUrl);
  // Fail at construction: fetch's own "Failed to parse URL from ..." error would echo the URL,
  // key included.
  if (!endpoint) throw new Error("Provider base URL must be an absolute http(s) URL");
  return endpoint.toString();
}

function requireActivationId(id: string): void {
  // Checked before sending: an id is interpolated into the query, and a provider would only
  // answer WRONG_ACTIVATION_ID anyway.
  if (typeof id !== "string" || !/^\d{1,30}$/.test(id)) {
    throw new ProviderError("WRONG_ACTIVATION_ID", { detail: "activation id must be digits" });
  }
}

export function createProviderClient(opts: ProviderClientOptions): ProviderClient {
  const endpoint = endpointFor(opts.baseUrl);
  const { apiKey, logger, onServerDate } = opts;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const fetchImpl = opts.fetch ?? globalThis.fetch;

  function boundedTimeout(): number {
    if (!opts.deadline) return timeoutMs;
    const { at, minWindowMs = MIN_REQUEST_WINDOW_MS } = opts.deadline;
    const left = Math.floor(at() - performance.now());
    if (left < minWindowMs) throw new RequestNotSent("deadline too close, request not sent");
    return Math.min(timeoutMs, left);
  }

  // One HTTP request, never retried here: retries and backoff belong to the caller, who knows
  // whether the call was a read or a write (setStatus/getNumber must not be repeated blindly).
  async function call<T>(spec: Call<T>): Promise<T> {
    const url = new URL(endpoint);
    url.searchParams.set("api_key", apiKey);
    url.searchParams.set("action", spec.action);
    for (const [name, value] of Object.entries(spec.params ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    const base = {
      action: spec.action,
      ...(spec.id === undefined ? {} : { id: spec.id }),
      ...(spec.status === undefined ? {} : { status: spec.status }),
      url: redactSecret(redactUrl(url), apiKey),
    };
    // Outside the try below: a wait or refusal here is ours, not the provider's answer.
    await opts.beforeRequest?.();
    const requestTimeoutMs = boundedTimeout();
    const started = performance.now();
    let httpStatus: number | undefined;
    let result: T;
    try {
      const response = await sendRequest(fetchImpl, url, { timeoutMs: requestTimeoutMs, maxBodyBytes, onServerDate });
      httpStatus = response.status;
      // A provider echoing the key (e.g. in an error token) must not carry it into our errors.
      result = spec.parse(response.status, redactSecret(response.body, apiKey));
    } catch (caught) {
      let error =
        caught instanceof ProviderError
          ? caught.withAction(spec.action)
          : // A bug in our own parsing; its message could quote provider data, so do not reuse it.
            new ProviderError("PROTOCOL_ERROR", {
              action: spec.action,
              detail: "unexpected failure reading the answer",
            });
      // Belt and braces: every field is built from controlled text, but a leak here would be
      // costly (the key in a toast or a log), so drop the details rather than risk it.
      if (leaksSecret(error, apiKey)) {
        error = new ProviderError(error.code, { action: spec.action, detail: "details withheld" });
      }
      logger?.warn(
        {
          ...base,
          ...(httpStatus === undefined ? {} : { httpStatus }),
          outcome: error.code,
          ...(error.token === undefined ? {} : { token: error.token }),
          durationMs: elapsed(started),
        },
        "provider call failed",
      );
      throw error;
    }
    // Outside the try: a failing logger must not turn a completed purchase into an error.
    logger?.info(
      { ...base, httpStatus, ...spec.outcome(result), durationMs: elapsed(started) },
      "provider call",
    );
    return result;
  }

  return {
    getBalance: () =>
      call({
        action: "getBalance",
        parse: parseGetBalance,
        outcome: () => ({ outcome: "ACCESS_BALANCE" }),
      }),

    getStatus: async (id) => {
      requireActivationId(id);
      return call({
        action: "getStatus",
        params: { id },
        id,
        parse: parseGetStatus,
        outcome: (r) => ({ outcome: `STATUS_${r.status}` }),
      });
    },

    setStatus: async (id, status) => {
      requireActivationId(id);
      if (!SET_STATUS_CODES.includes(status)) {
        throw new ProviderError("BAD_STATUS", { detail: "status must be 1, 3, 6 or 8" });
      }
      return call({
        action: "setStatus",
        params: { id, status: String(status) },
        id,
        status,
        parse: (httpStatus, body) => parseSetStatus(httpStatus, body, status),
        outcome: (r) => ({ outcome: r }),
      });
    },

    getActiveActivations: async (page) =>
      call({
        action: "getActiveActivations",
        params: pageParams(page),
        parse: parseActiveActivations,
        outcome: (r) => ({ outcome: "OK", count: r.length }),
      }),

    getPrices: async (filter = {}) =>
      call({
        action: "getPrices",
        params: { service: filter.service, country: filter.country },
        parse: parsePrices,
        outcome: (r) => ({ outcome: "OK", count: r.length }),
      }),

    getOperators: async (country) =>
      call({
        action: "getOperators",
        params: { country },
        parse: (httpStatus, body) => parseOperators(httpStatus, body, country),
        outcome: (r) => ({ outcome: "OK", count: r.length }),
      }),

    getNumber: async (input) => {
      const params = {
        service: input.service,
        country: input.country,
        maxPrice: input.maxPrice === undefined ? undefined : String(input.maxPrice),
        operator: input.operator,
        orderId: input.orderId,
      };
      const spec = (action: string): Call<NumberOrder> => ({
        action,
        params,
        parse: parseGetNumber,
        outcome: (r) => ({ outcome: "ACCESS_NUMBER", id: r.activationId }),
      });
      try {
        return await call(spec("getNumberV2"));
      } catch (error) {
        // BAD_ACTION means V2 was rejected outright (nothing bought), so asking V1 is not a
        // retry of a write. Any other failure is final here.
        if (error instanceof ProviderError && error.code === "BAD_ACTION") {
          return call(spec("getNumber"));
        }
        throw error;
      }
    },
  };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function leaksSecret(error: ProviderError, secret: string): boolean {
  const text = `${error.message}\n${JSON.stringify(error)}`;
  return redactSecret(text, secret) !== text;
}
