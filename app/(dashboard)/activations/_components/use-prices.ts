"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { PriceDto } from "@/lib/prices/choices";
import type { ActionError } from "@/lib/result";

/** The server keeps prices a minute per key and service; so does the browser, for reopening. */
const PRICES_STALE_MS = 60_000;
/** How long the chosen service must stay put before its prices are read. */
const SETTLE_MS = 300;

type PricesAnswer = { data: PriceDto[]; error?: undefined } | { data?: undefined; error: ActionError };

export type PricesState =
  | { status: "loading" }
  | { status: "ready"; offers: PriceDto[] }
  | { status: "failed"; message: string };

async function fetchPrices(keyId: string, service: string): Promise<PricesAnswer> {
  const query = new URLSearchParams({ keyId, service });
  const response = await fetch(`/api/prices?${query}`, { cache: "no-store" });
  const body = (await response.json().catch(() => null)) as PricesAnswer | null;
  if (body?.data || body?.error) return body;
  return { error: { code: "UNEXPECTED", message: `HTTP ${response.status}` } };
}

/**
 * Prices and stock of a service through a key (GET /api/prices), while the dialog is open. A
 * failure is a state the dialog shows, never a thrown error: ordering goes on without prices.
 */
export function usePrices(keyId: string | undefined, service: string, enabled: boolean): PricesState {
  // Each read is a provider call, audited and counted against the key's rate: a service picked by
  // holding an arrow key down (every step is a change) or by typing a search is read once it rests.
  const settled = useSettled(service, SETTLE_MS);
  const query = useQuery({
    queryKey: ["prices", keyId, settled],
    queryFn: () => fetchPrices(keyId ?? "", settled),
    enabled: enabled && !!keyId && settled !== "" && settled === service,
    // A failure is asked again at the next opening, as the server does not keep one either.
    staleTime: (q) => (q.state.data?.data ? PRICES_STALE_MS : 0),
    retry: false,
    refetchOnWindowFocus: false,
  });
  if (settled !== service) return { status: "loading" };
  if (query.data?.data) return { status: "ready", offers: query.data.data };
  if (query.data?.error) return { status: "failed", message: query.data.error.message };
  if (query.error) return { status: "failed", message: query.error.message };
  return { status: "loading" };
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
