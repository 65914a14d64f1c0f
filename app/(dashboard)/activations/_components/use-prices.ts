"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { PriceDto } from "@/lib/prices/choices";
import type { ActionError } from "@/lib/result";

/** The server keeps a read a minute per key and question; so does the browser, for reopening. */
const READ_STALE_MS = 60_000;
/** How long the chosen service (or country) must stay put before it is read. */
const SETTLE_MS = 300;

/** What the dialog's read routes answer (lib/prices/key-read-route.ts). */
type ReadAnswer<T> = { data: T; error?: undefined } | { data?: undefined; error: ActionError };

export type ReadState<T> = { status: "loading" } | { status: "ready"; value: T } | { status: "failed"; message: string };

async function fetchRead<T>(path: string, params: Record<string, string>): Promise<ReadAnswer<T>> {
  const response = await fetch(`${path}?${new URLSearchParams(params)}`, { cache: "no-store" });
  const body = (await response.json().catch(() => null)) as ReadAnswer<T> | null;
  if (body?.data || body?.error) return body;
  return { error: { code: "UNEXPECTED", message: `HTTP ${response.status}` } };
}

/**
 * One of the dialog's reads (GET `path`?keyId=…&`name`=`value`) while `enabled`. A failure is a
 * state the dialog shows, never a thrown error: ordering goes on without it.
 */
export function useKeyRead<T>(path: string, keyId: string | undefined, name: string, value: string, enabled: boolean): ReadState<T> {
  // Each read is a provider call, audited and counted against the key's rate: a choice made by
  // holding an arrow key down (every step is a change) or by typing a search is read once it rests.
  const settled = useSettled(value, SETTLE_MS);
  const query = useQuery({
    queryKey: [path, keyId, settled],
    queryFn: () => fetchRead<T>(path, { keyId: keyId ?? "", [name]: settled }),
    enabled: enabled && !!keyId && settled !== "" && settled === value,
    // A failure is asked again at the next opening, as the server does not keep one either.
    staleTime: (q) => (q.state.data?.data ? READ_STALE_MS : 0),
    retry: false,
    refetchOnWindowFocus: false,
  });
  if (settled !== value) return { status: "loading" };
  if (query.data?.data) return { status: "ready", value: query.data.data };
  if (query.data?.error) return { status: "failed", message: query.data.error.message };
  if (query.error) return { status: "failed", message: query.error.message };
  return { status: "loading" };
}

/** Prices and stock of a service through a key (GET /api/prices), while the dialog is open. */
export function usePrices(keyId: string | undefined, service: string, enabled: boolean): ReadState<PriceDto[]> {
  return useKeyRead<PriceDto[]>("/api/prices", keyId, "service", service, enabled);
}

/** `value` once it has not changed for `ms`; the first value at once (opening the dialog). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(settled, value)) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, settled, ms]);
  return settled;
}
