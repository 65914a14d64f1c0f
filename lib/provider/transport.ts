import "server-only";
import { ProviderError } from "./errors";

// The fetch side of a provider call: timeout, transport-error classification and the Date
// header. Kept apart from client.ts so the request/response plumbing stays small and testable.

export type RawResponse = { status: number; body: string };

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

function transportError(error: unknown, signal: AbortSignal, timeoutMs: number): ProviderError {
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
  timeoutMs: number,
  onServerDate?: (providerNowMs: number, localNowMs: number) => void,
): Promise<RawResponse> {
  // Covers the whole exchange, body included: a provider that stalls mid-body is a timeout too.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(url.toString(), {
      method: "GET",
      signal,
      // Next.js patches fetch; provider answers are live state and must never be cached.
      cache: "no-store",
      headers: { accept: "text/plain, application/json;q=0.9, */*;q=0.1" },
    });
    reportServerDate(response.headers.get("date"), onServerDate);
    const body = await response.text();
    return { status: response.status, body };
  } catch (error) {
    throw transportError(error, signal, timeoutMs);
  }
}

function reportServerDate(
  header: string | null,
  onServerDate: ((providerNowMs: number, localNowMs: number) => void) | undefined,
): void {
  if (!onServerDate || !header) return;
  const providerNowMs = Date.parse(header);
  if (!Number.isFinite(providerNowMs)) return;
  try {
    onServerDate(providerNowMs, Date.now());
  } catch {
    // Clock tracking is best effort; it must never turn a good answer into a failure.
  }
}
