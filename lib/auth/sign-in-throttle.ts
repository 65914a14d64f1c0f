import "server-only";
import type { Kysely, Transaction } from "kysely";
import { appendAudit } from "@/lib/audit/append";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { lockName } from "@/lib/db/engine";
import type { Database, SignInThrottleTable } from "@/lib/db/schema";
import { addressGroup } from "@/lib/net/client-address";
import { normalizeEmail } from "./email";

// Sign-in throttles that do not depend on the address, and failed sign-ins counted instead of
// logged one by one. better-auth's limiter counts attempts per client address (a botnet has many);
// here every email gets SIGN_IN_FAILURES_PER_EMAIL failures per 15-minute window, whoever sends
// them, then 429 for the rest of the window before better-auth hashes anything. Counters live in
// the database (sign_in_throttle) so they hold across addresses, restarts and instances.
//
// What reaches the append-only audit log, per window (WINDOW_MS):
// - a failed sign-in on an existing account: one row per attempt, at most the per-email limit;
// - a throttled account or address: one row when the window starts refusing, and one summary
//   row with the count when it closes (auth.sign_in_throttled);
// - failed sign-ins for emails that have no account (guesses cost nothing to vary): one row when
//   the window's first one happens and one summary with the count (auth.sign_in_unknown).
// So the log grows with accounts and attacking addresses, never with the number of attempts.

export const WINDOW_MS = 15 * 60_000;
const UNKNOWN_KEY = "unknown:";
/** The actor of rows about emails that have no account. */
const UNKNOWN_ACTOR = "?";
/** A runaway email (better-auth takes any string) must not make a runaway key. */
const MAX_EMAIL_KEY = 320;

type Db = Kysely<Database> | Transaction<Database>;
type Row = SignInThrottleTable;
export type Gate = { ok: true } | { ok: false; retryAfterSeconds: number };

/** The email as better-auth looks it up, bounded: the per-account counter's key. */
function accountEmail(email: string): string {
  return normalizeEmail(email).slice(0, MAX_EMAIL_KEY);
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const retryAfter = (windowEnd: number, now: number) => Math.max(1, Math.ceil((windowEnd - now) / 1000));

async function accountExists(db: Db, email: string): Promise<boolean> {
  const row = await db
    .selectFrom("user")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
    .executeTakeFirst();
  return row !== undefined;
}

/** The summary of a closed window, if anything was refused or aggregated in it. */
async function closeWindow(db: Db, row: Row): Promise<void> {
  const at = row.window_end;
  if (row.kind === "unknown" && row.failures + row.refused > 1) {
    await appendAudit(db, {
      at,
      actor: UNKNOWN_ACTOR,
      action: "auth.sign_in_unknown",
      outcome: "refused",
      result: "INVALID_EMAIL_OR_PASSWORD",
      detail: `${row.failures} failed, ${row.refused} refused, until ${iso(at)}`,
    });
  } else if (row.kind !== "unknown" && row.actor !== UNKNOWN_ACTOR && row.refused > 1) {
    const what = row.kind === "address" ? `address ${row.subject}` : "account";
    await appendAudit(db, {
      at,
      actor: row.actor.slice(0, 200),
      action: "auth.sign_in_throttled",
      outcome: "refused",
      result: "TOO_MANY_ATTEMPTS",
      detail: `${what}: ${row.refused} attempts refused until ${iso(at)}`,
    });
  }
  await db.deleteFrom("sign_in_throttle").where("key", "=", row.key).execute();
}

/**
 * The key's row in its current window; an expired one is summarised and removed first. The key
 * stays locked until the transaction ends: on PostgreSQL two instances (or two requests) would
 * otherwise both read "no row" and both insert it, or both count from the same value.
 */
async function currentRow(db: Transaction<Database>, key: string, now: number): Promise<Row | undefined> {
  await lockName(db, `sign_in_throttle:${key}`);
  const row = await db.selectFrom("sign_in_throttle").selectAll().where("key", "=", key).executeTakeFirst();
  if (row && Number(row.window_end) <= now) {
    await closeWindow(db, { ...row, window_end: Number(row.window_end) });
    return undefined;
  }
  return row ? { ...row, window_start: Number(row.window_start), window_end: Number(row.window_end) } : undefined;
}

function newRow(key: string, kind: string, subject: string, actor: string, now: number): Row {
  return { key, kind, subject, actor, window_start: now, window_end: now + WINDOW_MS, failures: 0, refused: 0, logged: 0 };
}

/** A refusal for an email with no account, counted in the open unknown window if there is one. */
async function countUnknownRefusal(db: Db, now: number): Promise<void> {
  await db
    .updateTable("sign_in_throttle")
    .set((eb) => ({ refused: eb("refused", "+", 1) }))
    .where("key", "=", UNKNOWN_KEY)
    .where("window_end", ">", now)
    .execute();
}

/** Counts one attempt of an unknown-account failure (or refusal) in the shared window. */
async function countUnknown(db: Transaction<Database>, field: "failures" | "refused", now: number): Promise<void> {
  const row = await currentRow(db, UNKNOWN_KEY, now);
  if (!row) {
    await db
      .insertInto("sign_in_throttle")
      .values({ ...newRow(UNKNOWN_KEY, "unknown", "", UNKNOWN_ACTOR, now), [field]: 1, logged: 1 })
      .execute();
    await appendAudit(db, {
      actor: UNKNOWN_ACTOR,
      action: "auth.sign_in_unknown",
      outcome: "refused",
      result: "INVALID_EMAIL_OR_PASSWORD",
      detail: `counted, not logged one by one, until ${iso(now + WINDOW_MS)}`,
    });
    return;
  }
  await db
    .updateTable("sign_in_throttle")
    .set((eb) => (field === "failures" ? { failures: eb("failures", "+", 1) } : { refused: eb("refused", "+", 1) }))
    .where("key", "=", UNKNOWN_KEY)
    .execute();
}

/**
 * Before better-auth sees a sign-in: takes one of the email's failures for this window, or
 * refuses (429) when none is left. A taken slot is given back by settleSignInAttempt unless the
 * attempt fails, so concurrent guesses never get more than the limit to the password hash.
 */
export async function reserveSignInFailure(rawEmail: string, now = Date.now()): Promise<Gate> {
  const email = accountEmail(rawEmail);
  const key = `account:${email}`;
  const limit = env().SIGN_IN_FAILURES_PER_EMAIL;
  const db = await getDb();
  // The hot path under attack: already throttled and recorded in this window, one statement.
  const hit = await db
    .updateTable("sign_in_throttle")
    .set((eb) => ({ refused: eb("refused", "+", 1) }))
    .where("key", "=", key)
    .where("window_end", ">", now)
    .where("failures", ">=", limit)
    .where("logged", "=", 1)
    .returning(["key", "window_end", "actor"])
    .executeTakeFirst();
  if (hit) {
    if (hit.actor === UNKNOWN_ACTOR) await countUnknownRefusal(db, now);
    return { ok: false, retryAfterSeconds: retryAfter(Number(hit.window_end), now) };
  }
  return db.transaction().execute(async (trx) => {
    const row = await currentRow(trx, key, now);
    if (!row) {
      await trx.insertInto("sign_in_throttle").values({ ...newRow(key, "account", email, email, now), failures: 1 }).execute();
      return { ok: true } as const;
    }
    if (row.failures < limit) {
      await trx.updateTable("sign_in_throttle").set((eb) => ({ failures: eb("failures", "+", 1) })).where("key", "=", key).execute();
      return { ok: true } as const;
    }
    // First refusal of the window (or a race with it): an email with no account is one guess
    // among countless, counted with the others; an account gets one row its admins can see.
    const exists = row.logged ? row.actor !== UNKNOWN_ACTOR : await accountExists(trx, email);
    await trx
      .updateTable("sign_in_throttle")
      .set((eb) => ({ refused: eb("refused", "+", 1), logged: 1, actor: exists ? email : UNKNOWN_ACTOR }))
      .where("key", "=", key)
      .execute();
    if (!exists) await countUnknown(trx, "refused", now);
    else if (!row.logged) {
      await appendAudit(trx, {
        actor: email.slice(0, 200),
        action: "auth.sign_in_failed",
        outcome: "refused",
        result: "TOO_MANY_ATTEMPTS",
        detail: `account: ${limit} failures, throttled until ${iso(row.window_end)}`,
      });
    }
    return { ok: false, retryAfterSeconds: retryAfter(row.window_end, now) } as const;
  });
}

/** After better-auth answered: a failed password keeps its slot; anything else gives it back. */
export async function settleSignInAttempt(rawEmail: string, failed: boolean): Promise<void> {
  if (failed) return;
  await (await getDb())
    .updateTable("sign_in_throttle")
    .set((eb) => ({ failures: eb("failures", "-", 1) }))
    .where("key", "=", `account:${accountEmail(rawEmail)}`)
    .where("failures", ">", 0)
    .execute();
}

/** better-auth's per-address limiter refused a sign-in: one audit row per address and window. */
export async function recordAddressThrottled(address: string | null, rawEmail: string, now = Date.now()): Promise<void> {
  // One row per client, not per address: an IPv6 host rotates through its whole /64.
  const subject = address ? addressGroup(address) : "unknown";
  const key = `address:${subject}`;
  const email = accountEmail(rawEmail).slice(0, 200);
  const db = await getDb();
  const hit = await db
    .updateTable("sign_in_throttle")
    .set((eb) => ({ refused: eb("refused", "+", 1) }))
    .where("key", "=", key)
    .where("window_end", ">", now)
    .executeTakeFirst();
  if (Number(hit.numUpdatedRows) > 0) return;
  await db.transaction().execute(async (trx) => {
    const row = await currentRow(trx, key, now);
    if (row) {
      await trx.updateTable("sign_in_throttle").set((eb) => ({ refused: eb("refused", "+", 1) })).where("key", "=", key).execute();
      return;
    }
    await trx.insertInto("sign_in_throttle").values({ ...newRow(key, "address", subject, email, now), refused: 1, logged: 1 }).execute();
    await appendAudit(trx, {
      actor: email,
      action: "auth.sign_in_failed",
      outcome: "refused",
      result: "TOO_MANY_ATTEMPTS",
      detail: `address ${subject}: throttled, counted until ${iso(now + WINDOW_MS)}`,
    });
  });
}

/**
 * A sign-in better-auth refused (wrong password, unknown email, malformed input): one row for an
 * existing account (its team's admins see it), counted with the others for anything else.
 */
export async function auditSignInFailure(
  db: Kysely<Database>,
  rawEmail: string,
  code: string,
  address: string | null,
  now = Date.now(),
): Promise<void> {
  const email = accountEmail(rawEmail);
  await db.transaction().execute(async (trx) => {
    if (email && (await accountExists(trx, email))) {
      await appendAudit(trx, {
        actor: email.slice(0, 200),
        action: "auth.sign_in_failed",
        outcome: "refused",
        result: code,
        detail: address ? `address ${address}` : null,
      });
    } else {
      await countUnknown(trx, "failures", now);
    }
  });
}

/** Summarises and removes every window that has ended (run daily, and by the tests). */
export async function closeExpiredWindows(now = Date.now()): Promise<number> {
  const db = await getDb();
  const rows = await db.selectFrom("sign_in_throttle").select("key").where("window_end", "<=", now).execute();
  // Read again inside the transaction: a sign-in may have closed the window meanwhile.
  for (const { key } of rows) await db.transaction().execute((trx) => currentRow(trx, key, now));
  return rows.length;
}
