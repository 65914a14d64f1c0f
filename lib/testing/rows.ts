import type { Insertable } from "kysely";
import type { ActivationsTable, ProviderKeysTable } from "@/lib/db/schema";

// Rows for integration tests that read activations and keys back (scoping, history, reports):
// ordinary values everywhere, so each test states only what it is about.

type KeyRow = Insertable<ProviderKeysTable>;
type ActivationRow = Insertable<ActivationsTable>;

/** A key of a custom provider on an unreachable address, its secret never unsealed. */
export function testKeyRow(over: Pick<KeyRow, "id" | "team_id" | "name" | "created_at"> & Partial<KeyRow>): KeyRow {
  return {
    provider: "custom",
    base_url: "http://127.0.0.1:1",
    secret_sealed: "sealed-secret-never-shown",
    secret_hint: "Zq7x",
    enabled: 1,
    early_cancel_seconds: 120,
    lifetime_seconds: 1200,
    tz_offset_minutes: 0,
    clock_offset_ms: 0,
    created_by: "u",
    updated_at: over.created_at,
    deleted_at: null,
    ...over,
  };
}

type ActivationTimes = "key_id" | "id" | "purchased_at" | "expires_at" | "created_at" | "updated_at";

/** A finished Telegram number in Brazil, found by sync, with no code; the phone derived from the id. */
export function testActivationRow(over: Pick<ActivationRow, ActivationTimes> & Partial<ActivationRow>): ActivationRow {
  return {
    phone: `5511900${over.id.padStart(6, "0")}`,
    service: "tg",
    country_code: "73",
    country_name: "Brazil",
    cost: 0.32,
    currency: 840,
    state: "finished",
    codes: "[]",
    can_get_another_sms: 1,
    checking: 0,
    origin: "sync",
    ...over,
  };
}
