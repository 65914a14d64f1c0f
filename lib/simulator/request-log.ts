// What the simulator was asked, so tests can assert on the client's traffic (e.g. "exactly one
// setStatus=8 was sent"). Keys are stored as a short suffix only: the log is served over HTTP.
import { keySuffix } from "./types";

export interface RequestLogEntry {
  /** Real (wall-clock) time the request arrived, ISO. */
  at: string;
  method: string;
  action: string | null;
  id: string | null;
  /** The setStatus `status` parameter, when present. */
  status: string | null;
  /** getActiveActivations' paging parameters, when sent. */
  start: string | null;
  limit: string | null;
  /** getNumber's and getPrices' order parameters, when sent (a test checks what was bought at what max). */
  service: string | null;
  country: string | null;
  maxPrice: string | null;
  /** getNumber's `operator`, when sent (a test checks the operator chosen in the order dialog). */
  operator: string | null;
  keySuffix: string;
  /** HTTP status sent back; null while pending or when the connection was dropped. */
  httpStatus: number | null;
  /**
   * Real time the answer was sent, ISO; null while pending or when the connection was dropped.
   * With `at` it bounds the call in time (the cluster benchmark checks that no two sync passes
   * of one key overlap).
   */
  answeredAt: string | null;
  /** The fault applied to this call, if any. */
  fault: string | null;
}

/** Old entries are dropped past this size so a long demo cannot grow memory without bound. */
const MAX_ENTRIES = 10_000;

export function createRequestLog(realNow: () => number = Date.now) {
  let entries: RequestLogEntry[] = [];

  return {
    record(method: string, params: Readonly<Record<string, string>>): RequestLogEntry {
      const entry: RequestLogEntry = {
        at: new Date(realNow()).toISOString(),
        method,
        action: params.action ?? null,
        id: params.id ?? null,
        status: params.status ?? null,
        start: params.start ?? null,
        limit: params.limit ?? null,
        service: params.service ?? null,
        country: params.country ?? null,
        maxPrice: params.maxPrice ?? null,
        operator: params.operator ?? null,
        keySuffix: keySuffix(params.api_key ?? ""),
        httpStatus: null,
        answeredAt: null,
        fault: null,
      };
      entries.push(entry);
      if (entries.length > MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES);
      return entry;
    },
    /** Records the answer sent for an entry `record` returned. */
    answered(entry: RequestLogEntry, httpStatus: number): void {
      entry.httpStatus = httpStatus;
      entry.answeredAt = new Date(realNow()).toISOString();
    },
    /** Oldest first, optionally filtered on action, id and status. */
    list(filter: { action?: string; id?: string; status?: string } = {}): RequestLogEntry[] {
      return entries.filter(
        (e) =>
          (filter.action === undefined || e.action === filter.action) &&
          (filter.id === undefined || e.id === filter.id) &&
          (filter.status === undefined || e.status === filter.status),
      );
    },
    clear(): void {
      entries = [];
    },
  };
}

export type RequestLog = ReturnType<typeof createRequestLog>;
