import "server-only";
import { ProviderError } from "./errors";

// The fetch side of a provider call: timeout, redirects, a bounded body, transport-error
// classification and the Date header. Kept apart from client.ts so the request/response
// plumbing stays small and testable.

export type RawResponse = { status: number; body: string };

/**
 * A response's HTTP Date header, and when (our clock) we asked and heard back: the provider read
 * its clock in between, and the header has whole seconds (lib/keys/provider-clock.ts).
 */
export type ServerDateRead = { dateMs: number; askedAtMs: number; answeredAtMs: number };

export type SendOptions = {
  timeoutMs: number;
  /** Larger answers are refused (PROTOCOL_ERROR) and their stream cancelled. */
  maxBodyBytes: number;
  onServerDate?: (read: ServerDateRead) => void;
};

// Errno-style codes only (ECONNREFUSED, UND_ERR_SOCKET...). Messages are never copied: undici's
// messages can quote the request URL, and with it the api key.
function transportCode(error: unknown): string {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return "fetch failed";
}

// lib/net's address guard refuses a connection by failing the DNS lookup (or the fetch, for an
// IP literal) with code BLOCKED_ADDRESS and a short reason of its own (never provider text).
function blockedReason(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const { code, reason } = current as { code?: unknown; reason?: unknown };
    if (code === "BLOCKED_ADDRESS") return typeof reason === "string" ? reason : "address not allowed";
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function transportError(error: unknown, signal: AbortSignal, timeoutMs: number): ProviderError {
  // Our own refusals (body too large, redirect) pass through as they are.
  if (error instanceof ProviderError) return error;
  const blocked = blockedReason(error);
  if (blocked) return new ProviderError("BLOCKED_ADDRESS", { detail: blocked });
  // We are the only one aborting this signal, so an aborted signal means our timeout fired,
  // whatever error shape the fetch implementation rejected with.
  if (signal.aborted) {
    return new ProviderError("TIMEOUT", { detail: `no answer within ${timeoutMs} ms` });
  }
  return new ProviderError("NETWORK", { detail: transportCode(error) });
}

export async function sendRequest(
  fetchImpl: typeof fetch,
  url: URL,
  { timeoutMs, maxBodyBytes, onServerDate }: SendOptions,
): Promise<RawResponse> {
  // Covers the whole exchange, body included: a provider that stalls mid-body is a timeout too.
  // A timer of our own, cleared as soon as the exchange ends. AbortSignal.timeout's timer always
  // fires, timeoutMs later: it then aborts the long-finished request, and undici's listener builds
  // a DOMException for it, ~0.8 ms of CPU per provider call landing inside later clicks (issue 9).
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")),
    timeoutMs,
  );
  timer.unref?.();
  const signal = controller.signal;
  const askedAtMs = Date.now();
  try {
    const response = await fetchImpl(url.toString(), {
      method: "GET",
      signal,
      // Next.js patches fetch; provider answers are live state and must never be cached.
      cache: "no-store",
      // Never followed: a redirect could point anywhere (an internal address, another host that
      // would receive the key), and its body is not an answer to what we asked.
      redirect: "manual",
      headers: { accept: "text/plain, application/json;q=0.9, */*;q=0.1" },
    });
    reportServerDate(response.headers.get("date"), askedAtMs, onServerDate);
    if (response.status >= 300 && response.status <= 399) {
      // Not read, so no part of it can reach a log, an error or the audit trail.
      void response.body?.cancel().catch(() => {});
      throw new ProviderError("REDIRECT_REFUSED", { httpStatus: response.status });
    }
    const body = await readCapped(response, maxBodyBytes);
    return { status: response.status, body };
  } catch (error) {
    throw transportError(error, signal, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

function tooLarge(maxBodyBytes: number): ProviderError {
  return new ProviderError("PROTOCOL_ERROR", {
    detail: `answer larger than ${maxBodyBytes} bytes (PROVIDER_MAX_BODY_BYTES), not read`,
  });
}

// Reads at most maxBodyBytes and stops there: `response.text()` would buffer any size a
// provider (or anything between us and it) chose to send.
async function readCapped(response: Response, maxBodyBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge(maxBodyBytes);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBodyBytes) {
      void reader.cancel().catch(() => {});
      throw tooLarge(maxBodyBytes);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
}

function reportServerDate(
  header: string | null,
  askedAtMs: number,
  onServerDate: ((read: ServerDateRead) => void) | undefined,
): void {
  if (!onServerDate || !header) return;
  const dateMs = Date.parse(header);
  if (!Number.isFinite(dateMs)) return;
  try {
    onServerDate({ dateMs, askedAtMs, answeredAtMs: Date.now() });
  } catch {
    // Clock tracking is best effort; it must never turn a good answer into a failure.
  }
}
