// What the browser receives about activations: no key, no internal columns. Client-safe.
import type { ActivationAction, ActivationState } from "./state-machine";

export type ReceivedCodeDto = { code: string; text: string | null; at: number };

export type ActivationDto = {
  id: string;
  /** The provider key (of the caller's team) it belongs to. */
  keyId: string;
  phone: string;
  service: string;
  countryCode: string;
  countryName: string | null;
  cost: number | null;
  currency: number | null;
  state: ActivationState;
  codes: ReceivedCodeDto[];
  canGetAnotherSms: boolean;
  purchasedAtMs: number;
  expiresAtMs: number;
  /** An action a user started whose answer is not in yet. */
  pendingAction: ActivationAction | null;
  /** The provider's answer was lost; the server is checking the real state with getStatus. */
  checking: boolean;
  lastActor: string | null;
  lastAction: string | null;
  lastActionAtMs: number | null;
  /** Who ordered it here (the actor's email); null when sync found it (bought elsewhere). */
  orderedBy: string | null;
  /**
   * The row's version (updated_at, moved forward by every write): the browser keeps the newer of
   * two copies of a row, and drops an ended row once this is older than the table's window.
   */
  updatedAtMs: number;
};

/** What the browser needs to know of each of its team's keys: never the secret. */
export type KeyTimingDto = {
  id: string;
  name: string;
  enabled: boolean;
  earlyCancelSeconds: number;
  /** The provider's clock minus the server's, so countdowns follow the provider's rules. */
  clockOffsetMs: number;
  /** Why no action is possible with this key now (banned, rejected), in the user's language. */
  blocked: string | null;
};

export type ActivationsResponse = {
  serverNowMs: number;
  keys: KeyTimingDto[];
  activations: ActivationDto[];
};

/**
 * What GET /api/activations answers with a 200 (lib/activations/poll.ts): the keys part in full,
 * and either the whole table set (`full`) or only the rows written since the request's cursor
 * (re-sent rows are harmless: the browser merges by key and id, lib/activations/merge-delta.ts).
 * `cursor` goes back as `?since=` on the next poll, with the ETag header as If-None-Match.
 */
export type ActivationsPage = ActivationsResponse & { cursor: string; full: boolean };

/**
 * The browser's copy of the table (the query cache's data): the view's shape, plus what the next
 * poll continues from. null cursor/etag: the next poll is a full read. `askedAtMs` and
 * `answeredAtMs`: when the browser sent the read and got its answer's headers (its own clock), the
 * window in which the server read `serverNowMs`; absent on the server's own read.
 */
export type ActivationsData = ActivationsResponse & {
  cursor: string | null;
  etag: string | null;
  askedAtMs?: number;
  answeredAtMs?: number;
};

export type KeyBalanceDto = {
  id: string;
  name: string;
  balance: number | null;
  balanceAtMs: number | null;
  lastSyncAtMs: number | null;
  /** A translated description of the last sync fault, or null when sync is healthy. */
  syncError: string | null;
  /** Under it the team sees a low-balance banner (lib/limits); null: none set. */
  lowBalanceThreshold: number | null;
};

export type AccountResponse = { keys: KeyBalanceDto[] };
