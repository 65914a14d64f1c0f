import type { ActionError } from "@/lib/result";
import type { QuickBuyDto, SmartBuyDto } from "./dto";

// The panel's read of GET /api/smart-buys (client-safe).

export const smartBuyQueryKey = ["smart-buys"] as const;
/** While one runs: its attempts show within this. */
export const SMART_BUY_LIVE_POLL_MS = 1500;
/** While none runs: one started by a teammate shows within this. */
export const SMART_BUY_IDLE_POLL_MS = 10_000;

export type SmartBuyList = { data: SmartBuyDto[]; quickBuys: QuickBuyDto[]; serverNowMs: number };

export async function fetchSmartBuys(): Promise<SmartBuyList> {
  const response = await fetch("/api/smart-buys", { cache: "no-store" });
  const body = (await response.json().catch(() => null)) as
    | (SmartBuyList & { error?: ActionError })
    | null;
  if (!response.ok || !body?.data)
    throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body;
}
