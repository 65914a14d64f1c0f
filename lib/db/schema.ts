import type { Generated } from "kysely";

// Table shapes for Kysely. Times are integer milliseconds since the epoch; JSON columns are text.

export type ActivationsTable = {
  /** Which provider key bought or synced it ("env" until the key vault exists). */
  key_id: string;
  /** The provider's activation id (digits). */
  id: string;
  phone: string;
  service: string;
  country_code: string;
  country_name: string | null;
  cost: number | null;
  currency: number | null;
  /** One of ACTIVATION_STATES; what only we know too: finished vs cancelled vs expired. */
  state: string;
  /** JSON array of ReceivedCode, oldest first. */
  codes: string;
  can_get_another_sms: number;
  purchased_at: number;
  expires_at: number;
  /** The action a user started and whose provider answer we do not know yet. */
  pending_action: string | null;
  pending_since: number | null;
  pending_by: string | null;
  /** 1 when a setStatus outcome is unknown (timeout, reset, 5xx) until getStatus reconciles it. */
  checking: number;
  last_actor: string | null;
  last_action: string | null;
  last_action_at: number | null;
  /** "order" (bought here) or "sync" (bought elsewhere with the same key). */
  origin: string;
  created_at: number;
  updated_at: number;
};

/** Append-only record of every provider call made for a user or by sync on their behalf. */
export type ProviderEventsTable = {
  id: Generated<number>;
  at: number;
  key_id: string;
  activation_id: string | null;
  /** setStatus, getStatus, getNumber, getBalance */
  action: string;
  /** setStatus's status code, getNumber's service/country. */
  detail: string | null;
  actor: string;
  /** ok, error, unknown (the provider may or may not have done it) */
  outcome: string;
  /** The provider's token, or our error code. */
  result: string;
  duration_ms: number;
};

/** What sync learns about each key: balance, the provider's clock, faults. */
export type KeyStatusTable = {
  key_id: string;
  balance: number | null;
  balance_at: number | null;
  /** Provider clock minus our clock, from the HTTP Date header; follows the simulator's clock. */
  clock_offset_ms: number;
  last_sync_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
};

export type Database = {
  activations: ActivationsTable;
  provider_events: ProviderEventsTable;
  key_status: KeyStatusTable;
};

export type ReceivedCode = { code: string; text: string | null; at: number };
