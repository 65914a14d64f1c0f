// Query definitions shared by the server prefetch and the browser. Client-safe.
import type { AccountResponse, ActivationsResponse } from "./dto";

/** How often open tables re-read our database (never the provider). */
export const POLL_MS = 2000;

export const activationsQueryKey = ["activations"] as const;
export const accountQueryKey = ["account"] as const;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export const fetchActivations = () => getJson<ActivationsResponse>("/api/activations");
export const fetchAccount = () => getJson<AccountResponse>("/api/account");
