import type { Generated } from "kysely";
import type { ActivationAction, ActivationState } from "@/lib/activation-states";

// Table shapes for Kysely (our tables; better-auth owns user, session, account, verification,
// organization, member, invitation and rateLimit). Times are integer milliseconds since the
// epoch; JSON columns are text.

/** A team's provider key. The secret is only ever stored sealed (lib/keys/vault.ts). */
export type ProviderKeysTable = {
  id: string;
  team_id: string;
  name: string;
  /** A preset id from lib/keys/presets.ts, or "custom". */
  provider: string;
  base_url: string;
  secret_sealed: string;
  /** The last 4 characters, the only part of the secret ever shown again. */
  secret_hint: string;
  enabled: number;
  early_cancel_seconds: number;
  lifetime_seconds: number;
  tz_offset_minutes: number;
  created_by: string;
  created_at: number;
  updated_at: number;
  last_used_at: number | null;
  /** Soft delete: the row stays for the history of its activations, the secret is wiped. */
  deleted_at: number | null;
  // What sync learns: balance, the provider's clock, faults.
  balance: number | null;
  balance_at: number | null;
  clock_offset_ms: number;
  last_sync_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  /** The provider banned the account until then (BANNED:'…'): no calls before. */
  banned_until: number | null;
  /**
   * BAD_KEY or ACCOUNT_INACTIVE: no calls until an admin tests or rotates the key.
   * SECRET_UNREADABLE: the vault cannot decrypt it (another master secret); only Rotate fixes it.
   */
  broken_code: string | null;
  broken_at: number | null;
  /** HMAC-SHA256 of the secret (lib/keys/fingerprint.ts); null until backfilled, or once deleted. */
  secret_fingerprint: string | null;
};

/** The order dialog's idempotency keys. */
export type OrderRequestsTable = {
  order_id: string;
  team_id: string;
  key_id: string;
  /** pending (the provider call is under way), done, failed */
  status: string;
  activation_id: string | null;
  failure_code: string | null;
  created_at: number;
  updated_at: number;
};

export type ActivationsTable = {
  /** The key that bought or synced it, and so its team. */
  key_id: string;
  /** The provider's activation id (digits). */
  id: string;
  phone: string;
  service: string;
  country_code: string;
  country_name: string | null;
  cost: number | null;
  currency: number | null;
  /** What only we know too: finished vs cancelled vs expired. */
  state: ActivationState;
  /** JSON array of ReceivedCode, oldest first. */
  codes: string;
  can_get_another_sms: number;
  purchased_at: number;
  expires_at: number;
  /** The action a user started and whose provider answer we do not know yet. */
  pending_action: ActivationAction | null;
  pending_since: number | null;
  pending_by: string | null;
  /** 1 when a setStatus outcome is unknown (timeout, reset, 5xx) until getStatus reconciles it. */
  checking: number;
  last_actor: string | null;
  last_action: string | null;
  last_action_at: number | null;
  /** "order" (bought here) or "sync" (bought elsewhere with the same key). */
  origin: string;
  /** getStatus failures in a row for this activation; 0 after any answer. */
  status_failures: Generated<number>;
  /** No getStatus before this time (local ms): the backoff after a failure; null when none. */
  status_next_at: number | null;
  /** The app instance (lib/sync/instance.ts) waiting on the pending action's answer. */
  pending_instance: string | null;
  /** Who ordered it here (the actor string, an email); null when sync found it (bought elsewhere). */
  ordered_by: string | null;
  created_at: number;
  updated_at: number;
};

/**
 * Append-only audit log: every provider call made for a user (and sync's getStatus and
 * failures), every key and member change, every failed sign-in.
 */
export type AuditLogTable = {
  id: Generated<number>;
  at: number;
  /** Null only for events outside any team (a failed sign-in). */
  team_id: string | null;
  /** The user who acted; null for sync and for failed sign-ins. */
  actor_id: string | null;
  /** Their email at the time, or "sync". */
  actor: string;
  /** setStatus, getStatus, getNumber, getBalance, key.*, member.*, auth.sign_in_failed, ... */
  action: string;
  activation_id: string | null;
  key_id: string | null;
  /** setStatus's status code, an order's service/country, a changed role, ... */
  detail: string | null;
  /** ok, error, unknown (the provider may or may not have done it), refused */
  outcome: string;
  /** The provider's token, or our error code. */
  result: string;
  duration_ms: number;
};

export type AppStateTable = { name: string; value: string };

/** One row per app instance that ever ran on this database (lib/sync/instance.ts). */
export type AppInstancesTable = { id: string; started_at: number; heartbeat_at: number; stopped_at: number | null };

/** Who runs a key's sync passes (lib/sync/lease.ts); times on the database's clock. */
export type SyncLeasesTable = { key_id: string; holder: string; epoch: number; expires_at: number };

/** The per-key provider rate shared by every instance (lib/keys/shared-bucket.ts). */
export type RateBucketsTable = { key_id: string; tokens: number; refilled_at: number };

/**
 * Sign-in throttles and aggregated failures, one row per subject and window (lib/auth/
 * sign-in-throttle.ts). kind: account (subject = email; failures counted against
 * SIGN_IN_FAILURES_PER_EMAIL), address (subject = client address refused by the per-address
 * limiter) or unknown (failed sign-ins for emails with no account, subject "").
 */
export type SignInThrottleTable = {
  key: string;
  kind: string;
  subject: string;
  window_start: number;
  window_end: number;
  failures: number;
  /** Attempts refused while throttled in this window (the summary row's count). */
  refused: number;
  /** The email recorded in audit rows for this window. */
  actor: string;
  /** 1 once the window's opening audit row is written. */
  logged: number;
};

/** Users signed in with a one-time password who have not chosen their own yet. */
export type PasswordChangeRequiredTable = { user_id: string; since: number };

// better-auth's tables, typed here only for the columns our queries read (it writes them).
/**
 * A better-auth date column: an ISO string on SQLite, a Date on PostgreSQL (timestamptz). Read it
 * with epochMs (lib/db/engine.ts); write an ISO string, which both engines take.
 */
export type AuthDate = string | Date;
export type UserTable = { id: string; name: string; email: string; createdAt: AuthDate };
export type OrganizationTable = { id: string; name: string; slug: string; createdAt: AuthDate };
export type MemberTable = {
  id: string;
  organizationId: string;
  userId: string;
  role: string;
  createdAt: AuthDate;
};

/** better-auth's sessions: only what lib/auth/session-memo.ts checks is typed. */
export type SessionTable = {
  id: string;
  updatedAt: AuthDate;
  expiresAt: AuthDate;
  activeOrganizationId: string | null;
};

/** better-auth's organization-plugin invitations. */
export type InvitationTable = {
  id: string;
  organizationId: string;
  email: string;
  role: string | null;
  /** pending, accepted, rejected (declined) or canceled (revoked, or replaced after expiry) */
  status: string;
  expiresAt: AuthDate;
  createdAt: AuthDate;
  inviterId: string;
};

export type Database = {
  user: UserTable;
  organization: OrganizationTable;
  member: MemberTable;
  invitation: InvitationTable;
  session: SessionTable;
  provider_keys: ProviderKeysTable;
  activations: ActivationsTable;
  audit_log: AuditLogTable;
  app_state: AppStateTable;
  app_instances: AppInstancesTable;
  sync_leases: SyncLeasesTable;
  rate_buckets: RateBucketsTable;
  sign_in_throttle: SignInThrottleTable;
  order_requests: OrderRequestsTable;
  password_change_required: PasswordChangeRequiredTable;
  spending_limits: SpendingLimitsTable;
  spend_reservations: SpendReservationsTable;
  key_webhooks: KeyWebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  team_rules: TeamRulesTable;
  smart_buys: SmartBuysTable;
  smart_buy_attempts: SmartBuyAttemptsTable;
  quick_buys: QuickBuysTable;
  rule_refusals: RuleRefusalsTable;
};

export type ReceivedCode = {
  code: string;
  text: string | null;
  /** When we learned it, on our clock (what the table shows). */
  at: number;
  /** The same moment on the provider's clock (lib/keys/provider-clock.ts), for team rules; absent on older rows. */
  providerAt?: number;
};

/** A key's webhook (lib/webhooks/settings.ts): the token hashed and sealed, the optional allow-list. */
export type KeyWebhooksTable = {
  key_id: string;
  /** SHA-256 (hex) of the token's secret part: what a push is checked against. */
  token_hash: string;
  /** The whole token sealed by the vault, so admins can see the URL again. */
  token_sealed: string;
  /** Comma-separated addresses or CIDRs a push may come from; null: anywhere. */
  allowed_sources: string | null;
  created_at: number;
  updated_at: number;
};

/** Pushes accepted, one per key, activation and provider receivedAt (idempotency). */
export type WebhookDeliveriesTable = { key_id: string; activation_id: string; received_at: string; at: number };

/** A team's automatic rules (lib/rules): each off while null. */
export type TeamRulesTable = {
  team_id: string;
  /** Cancel a number that got no SMS this many minutes after purchase (clamped into the key's window and lifetime). */
  cancel_no_sms_minutes: number | null;
  /** Finish a number this many minutes after its latest code, if nobody acted on it. */
  finish_after_code_minutes: number | null;
  updated_by: string;
  updated_at: number;
};

/** A daily spending limit (member or key) and a key's low-balance threshold (lib/limits/). */
export type SpendingLimitsTable = {
  team_id: string;
  /** "member" (subject_id: the user id) or "key" (subject_id: the key id) */
  scope: string;
  subject_id: string;
  /** In the key's currency; null: no limit. */
  daily_limit: number | null;
  /** Keys only: a balance under it shows a banner to the team; null: none. */
  low_balance_threshold: number | null;
  updated_by: string;
  updated_at: number;
};

/** What an order under a limit holds while its getNumber is under way (lib/limits/reserve.ts). */
export type SpendReservationsTable = {
  order_id: string;
  team_id: string;
  key_id: string;
  user_id: string;
  amount: number;
  created_at: number;
};

/** A smart buy (lib/smart-buy/): keep trying getNumber across ordered countries, run by the key's sync holder. */
export type SmartBuysTable = {
  id: string;
  team_id: string;
  key_id: string;
  /** Who asked (the actor label, an email) and their user id: each getNumber is theirs. */
  requested_by: string;
  requested_by_id: string;
  service: string;
  /** JSON array of 1..10 country codes, in the order tried. */
  countries: string;
  max_price: number | null;
  every_seconds: number;
  max_rounds: number;
  /** running | bought | exhausted | stopped | unknown | failed */
  state: string;
  /** The round of the latest attempt (1-based; 0 before the first). */
  round: number;
  /** Attempts started: attempt n is the fence's move from n-1 to n. */
  seq: number;
  /** When the next attempt is due (ms, our clock). */
  next_at: number;
  activation_id: string | null;
  stopped_by: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
};

/** One getNumber of a smart buy; outcome "pending" until its answer is recorded. */
export type SmartBuyAttemptsTable = {
  smart_buy_id: string;
  seq: number;
  round: number;
  country: string;
  /** The order id given to lib/activations/order.ts: "<smart buy id>.<seq>". */
  order_id: string;
  /** pending | ACCESS_NUMBER | the failure code */
  outcome: string;
  at: number;
};

/** A quick buy (lib/smart-buy/quick-buys.ts): a smart buy preset, one click to start. */
export type QuickBuysTable = {
  id: string;
  team_id: string;
  /** Its owner's user id (personal), or null (shared with the team). */
  owner_id: string | null;
  name: string;
  key_id: string;
  service: string;
  /** JSON array of country codes, in the order tried. */
  countries: string;
  max_price: number | null;
  every_seconds: number;
  max_rounds: number;
  created_by: string;
  created_at: number;
};

/** A team rule's action the provider refused (lib/rules/refusals.ts): not retried before retry_after. */
export type RuleRefusalsTable = {
  key_id: string;
  activation_id: string;
  /** cancel | finish */
  action: string;
  /** Our clock (ms). */
  retry_after: number;
};
