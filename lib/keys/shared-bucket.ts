import "server-only";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "@/lib/db";
import { engineOf, sqlNowMs } from "@/lib/db/engine";
import { byPriority, type CallPriority, reserveFor } from "./token-bucket";

// The per-key provider rate shared by every instance: one token bucket row per key
// (rate_buckets), refilled on the database's clock, so N instances together still send at most
// PROVIDER_MAX_REQUESTS_PER_SECOND (bursts up to `burst`) for a key. Each grant is one atomic
// statement; the in-process queue in front of it (token-bucket.ts byPriority) serves this
// instance's user calls before its background ones and sends only the head to the database. The
// reserve background calls leave is in the row, so it holds across instances: a click on one
// finds a token while another instance's sync keeps the key at its rate.
//
// Used on PostgreSQL only (lib/keys/provider-client.ts). SQLite mode is one process by design
// (its notices are in-process), so the in-memory TokenBucket is the same limit there, without a
// write per provider call on the one connection every request and sync pass shares.

export type Grant = { granted: true; atMs: number } | { granted: false; waitMs: number };

// biome-ignore lint/suspicious/noExplicitAny: any database shape.
function real(db: Kysely<any>, value: number): RawBuilder<number> {
  // Typed, or PostgreSQL would read a parameter next to bigint columns as bigint.
  return engineOf(db) === "postgres" ? sql<number>`CAST(${value} AS double precision)` : sql<number>`CAST(${value} AS REAL)`;
}

/** The row's tokens now: what it held plus the refill since refilled_at, capped at the burst. */
function refilled(db: Kysely<Database>, rate: number, burst: number): RawBuilder<number> {
  const now = sqlNowMs(db);
  const raw = sql<number>`(rate_buckets.tokens + (${now} - rate_buckets.refilled_at) * ${real(db, rate)} / 1000)`;
  return sql<number>`CASE WHEN ${raw} > ${real(db, burst)} THEN ${real(db, burst)} ELSE ${raw} END`;
}

/**
 * Takes one token for `keyId` if there is one beyond the `reserve` (tokens left for user calls):
 * a new row starts full (minus this token); an existing one is refilled and charged only when it
 * holds at least 1 + reserve tokens. When refused, the wait until that is due (another instance
 * may still take it first: try again then).
 */
export async function takeSharedToken(
  db: Kysely<Database>,
  keyId: string,
  rate: number,
  burst: number,
  reserve = 0,
): Promise<Grant> {
  if (!(rate > 0) || !(burst >= 1)) throw new Error("bucket rate must be > 0 and burst >= 1");
  if (!(reserve >= 0) || reserve > burst - 1) throw new Error("bucket reserve must be 0 to burst - 1");
  const needed = 1 + reserve;
  const now = sqlNowMs(db);
  const taken = await db
    .insertInto("rate_buckets")
    .values({ key_id: keyId, tokens: burst - 1, refilled_at: now })
    .onConflict((oc) =>
      oc
        .column("key_id")
        .doUpdateSet({ tokens: sql<number>`${refilled(db, rate, burst)} - 1`, refilled_at: now })
        .where(sql<boolean>`${refilled(db, rate, burst)} >= ${real(db, needed)}`),
    )
    .returning("refilled_at")
    .executeTakeFirst();
  if (taken) return { granted: true, atMs: Number(taken.refilled_at) };
  const row = await db
    .selectFrom("rate_buckets")
    .select(refilled(db, rate, burst).as("tokens"))
    .where("key_id", "=", keyId)
    .executeTakeFirst();
  const deficit = needed - Math.min(needed, Number(row?.tokens ?? 0));
  return { granted: false, waitMs: Math.max(1, Math.ceil((deficit / rate) * 1000)) };
}

/** One key's shared bucket, as seen from this instance. */
export class SharedTokenBucket {
  /** Resolves, user calls first, when the caller may make one call, with the grant's database time. */
  readonly acquire: (priority: CallPriority) => Promise<number>;

  constructor(
    db: () => Promise<Kysely<Database>>,
    keyId: string,
    rate: number,
    burst: number,
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    const reserve = reserveFor(burst);
    this.acquire = byPriority(async (keepReserve) => {
      const grant = await takeSharedToken(await db(), keyId, rate, burst, keepReserve ? reserve : 0);
      return grant.granted ? { granted: true, value: grant.atMs } : grant;
    }, sleep);
  }
}
