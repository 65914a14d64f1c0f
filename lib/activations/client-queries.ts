// Query definitions shared by the server prefetch and the browser. Client-safe.
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import type { AccountResponse, ActivationsData, ActivationsPage } from "./dto";
import { applyNotModified, mergePage, parseOffsets } from "./merge-delta";

/** How often open tables re-read our database (never the provider) while the change stream is down. */
export const POLL_MS = 2000;

/**
 * While the change stream is up it says when to refetch; the poll only guards against a notice
 * lost on the way (a proxy that held an event back, a missed NOTIFY).
 */
export const STREAM_SAFETY_POLL_MS = 30_000;

/** Server-Sent Events: "your team's activations changed" (app/api/activations/stream). */
export const ACTIVATIONS_STREAM_URL = "/api/activations/stream";

export const activationsQueryKey = ["activations"] as const;
export const accountQueryKey = ["account"] as const;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

const ACTIVATIONS_URL = "/api/activations";

/**
 * One poll of the table, continuing from `previous` (the cached copy): with its cursor and ETag
 * the server answers 304 (nothing changed: same rows, same array) or only the rows written since,
 * merged here (./merge-delta.ts); without them, the full set. A team switch needs nothing special:
 * the server does not accept another team's cursor and answers in full.
 */
export async function fetchActivationsFrom(
  previous: ActivationsData | undefined,
): Promise<ActivationsData> {
  const headers: Record<string, string> = {};
  let url = ACTIVATIONS_URL;
  if (previous?.cursor) {
    url += `?since=${encodeURIComponent(previous.cursor)}`;
    if (previous.etag) headers["If-None-Match"] = previous.etag;
  }
  // no-store keeps the browser's HTTP cache out: the 304 comes to us as is.
  const askedAtMs = Date.now();
  const response = await fetch(url, { cache: "no-store", headers });
  // Before the body: a big one can take seconds to read and parse while the page hydrates, and
  // that time is not the server's (./dto.ts ActivationsData).
  const answeredAtMs = Date.now();
  if (response.status === 304 && previous) {
    const serverNowMs = Number(response.headers.get("X-Server-Now"));
    const data = applyNotModified(
      previous,
      Number.isFinite(serverNowMs) && serverNowMs > 0 ? serverNowMs : answeredAtMs,
      parseOffsets(response.headers.get("X-Clock-Offsets")),
    );
    return { ...data, askedAtMs, answeredAtMs };
  }
  if (!response.ok) throw new Error(`GET ${ACTIVATIONS_URL} answered ${response.status}`);
  const page = (await response.json()) as ActivationsPage;
  return { ...mergePage(previous, page, response.headers.get("ETag")), askedAtMs, answeredAtMs };
}

/**
 * The table's queryFn: TanStack passes its client, whose cached copy the poll continues from.
 * Callable without one (a full read).
 */
export const fetchActivations = (context?: { client?: QueryClient }) =>
  fetchActivationsFrom(context?.client?.getQueryData<ActivationsData>(activationsQueryKey));

/**
 * The merge (./merge-delta.ts) already keeps every unchanged row object and the list itself when
 * nothing changed. TanStack's structural sharing on top of it walked all 5,000 rows per poll and
 * put a copy of the list in the cache, so the next merge could not reuse what it had indexed for
 * the list it made (issue 9): off.
 */
export const ACTIVATIONS_STRUCTURAL_SHARING = false;

/** The table's query: one definition for the view's useQuery (add refetchInterval there). */
export const activationsQueryOptions = () =>
  queryOptions({
    queryKey: activationsQueryKey,
    queryFn: fetchActivations,
    structuralSharing: ACTIVATIONS_STRUCTURAL_SHARING,
  });

export const fetchAccount = () => getJson<AccountResponse>("/api/account");

/**
 * Each key's balance and sync health, polled at half the table's pace: one definition for the
 * header's badge and the low-balance banner, which share its one request.
 */
export const accountQueryOptions = () =>
  queryOptions({ queryKey: accountQueryKey, queryFn: fetchAccount, refetchInterval: POLL_MS * 2 });
