import type { Generated } from "kysely";

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
};

export type ReceivedCode = { code: string; text: string | null; at: number };
