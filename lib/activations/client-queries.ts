// Query definitions shared by the server prefetch and the browser. Client-safe.
import type { AccountResponse, ActivationsResponse } from "./dto";

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

export const fetchActivations = () => getJson<ActivationsResponse>("/api/activations");
export const fetchAccount = () => getJson<AccountResponse>("/api/account");
