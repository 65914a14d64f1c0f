// Types shared by the engine and the protocol layer (kept apart so neither imports the other's
// implementation just for a type).
import type { SimCountry, SimService } from "./catalogue";
import type { LatencyRange } from "./http-util";
import type { Activation } from "./types";

export interface SimulatorEngineOptions {
  /** Real clock; the simulator clock is this plus the offset moved by advance(). */
  now?: () => number;
  earlyCancelSeconds?: number;
  lifetimeSeconds?: number;
  random?: () => number;
  /** Demo mode: most activations receive an SMS by themselves. */
  autoSms?: boolean;
  /** Accounts (key → USD balance) created at start and restored by reset(). */
  seedAccounts?: Readonly<Record<string, number>>;
  /** First activation id is idStart + 1. Ids never restart within a process, even on reset. */
  idStart?: number;
  /** How getActiveActivations answers (paging, shape); see ListingOptions. */
  listing?: ListingOptions;
  /** Wait between webhook retries (ms, uniform in the range); 20–30 s, like HeroSMS, when absent. */
  webhookRetry?: LatencyRange | null;
}

/** The JSON key(s) getActiveActivations puts its rows under (lib/simulator/README.md). */
export type ListShape = "activeActivations" | "data" | "rows";
export const LIST_SHAPES: readonly ListShape[] = ["activeActivations", "data", "rows"];

export interface ListingOptions {
  /**
   * Null (default): start/limit are ignored and every active activation comes in one answer.
   * A number: start/limit are honoured like HeroSMS, limit capped at this (also the limit when
   * none is sent).
   */
  pageLimit?: number | null;
  /** Default "activeActivations" (the reference form). */
  shape?: ListShape;
}

export interface PurchaseInput {
  key: string;
  service: string;
  country: string;
  operator?: string;
  /** Raw maxPrice parameter (USD); WRONG_MAX_PRICE when below the price. */
  maxPrice?: string;
  orderId?: string;
  /** Comma-separated prefixes the number must not start with. */
  phoneException?: string;
  /** Control API only: a fixed number instead of a random one. */
  phone?: string;
  autoSms?: boolean;
  /** Control API only: bought this many seconds ago (demo data in every state). */
  ageSeconds?: number;
}

export type PurchaseResult = { ok: true; activation: Activation } | { ok: false; error: string };

export type DeliverResult =
  | { ok: true; code: string; text: string }
  | { ok: false; error: "NOT_FOUND" | "NOT_WAITING" };

/** What the protocol layer may do with the engine's state. */
export type EngineCore = {
  now: () => number;
  hasAccount: (key: string) => boolean;
  balanceCents: (key: string) => number | undefined;
  purchase: (input: PurchaseInput) => PurchaseResult;
  find: (key: string, id: string) => Activation | undefined;
  applyStatus: (act: Activation, status: string) => string;
  listActive: (key: string) => Activation[];
  listing: () => Required<ListingOptions>;
  /** Numbers left for sale (lib/simulator/stock.ts), what getPrices reports as `count`. */
  stockLeft: (country: SimCountry, service: SimService) => number;
};
