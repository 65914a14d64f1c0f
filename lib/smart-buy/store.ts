import "server-only";
import type { Kysely, Selectable } from "kysely";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { type Database, getDb } from "@/lib/db";
import { lockName } from "@/lib/db/engine";
import type { SmartBuysTable } from "@/lib/db/schema";
import { getTeamKey } from "@/lib/keys/provider-keys";
import type { Outcome } from "@/lib/result";
import { requestSync } from "@/lib/sync/sync-requests";
import type { SmartBuyDto } from "./dto";
import type { SmartBuyPlan, SmartBuyState } from "./step";

// The smart buys' rows: created and stopped by team members (audited), listed for the panel.
// The runner (./runner.ts) is the only one that moves an attempt forward.

export type SmartBuyRow = Selectable<SmartBuysTable>;

export type SmartBuyRequest = {
  keyId: string;
  service: string;
  countries: string[];
  maxPrice?: number;
  everySeconds: number;
  maxRounds: number;
};

/** Running smart buys a team may have at once: each one is provider calls on the team's keys. */
export const MAX_RUNNING_PER_TEAM = 10;
/** How many smart buys the panel lists (running ones first, then the latest ended). */
const LIST_LIMIT = 10;

export function planOf(
  row: Pick<SmartBuyRow, "countries" | "every_seconds" | "max_rounds">,
): SmartBuyPlan {
  return {
    countries: JSON.parse(row.countries) as string[],
    everySeconds: row.every_seconds,
    maxRounds: row.max_rounds,
  };
}

/** The smart buy's requester: each of its getNumber calls is theirs (their spending limit, "mine"). */
export function requesterOf(row: Pick<SmartBuyRow, "requested_by" | "requested_by_id">): Actor {
  return { id: row.requested_by_id, label: row.requested_by };
}

export async function startSmartBuy(
  teamId: string,
  actor: Actor,
  request: SmartBuyRequest,
): Promise<Outcome<{ id: string }>> {
  const key = await getTeamKey(teamId, request.keyId, { enabledOnly: true });
  if (!key) return { ok: false, failure: { code: "KEY_UNAVAILABLE" } };
  const db = await getDb();
  const id = crypto.randomUUID();
  const now = Date.now();
  const detail = describeRequest(request);
  const started = await db.transaction().execute(async (trx) => {
    // Count, then insert: two starts at once on PostgreSQL would both see 9 without this lock.
    await lockName(trx, `smartbuy:team:${teamId}`);
    const running = await trx
      .selectFrom("smart_buys")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("team_id", "=", teamId)
      .where("state", "=", "running")
      .executeTakeFirstOrThrow();
    if (Number(running.n) >= MAX_RUNNING_PER_TEAM) return false;
    await trx
      .insertInto("smart_buys")
      .values({
        id,
        team_id: teamId,
        key_id: key.id,
        requested_by: actor.label,
        requested_by_id: actor.id,
        service: request.service,
        countries: JSON.stringify(request.countries),
        max_price: request.maxPrice ?? null,
        every_seconds: request.everySeconds,
        max_rounds: request.maxRounds,
        state: "running",
        round: 0,
        seq: 0,
        next_at: now,
        activation_id: null,
        stopped_by: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await appendAudit(trx, {
      ...auditOf(teamId, actor, key.id, "smartBuy.start"),
      detail: `${id}: ${detail}`,
      outcome: "ok",
      result: "RUNNING",
    });
    return true;
  });
  if (!started) {
    await appendAudit(db, {
      ...auditOf(teamId, actor, key.id, "smartBuy.start"),
      detail,
      outcome: "refused",
      result: "SMART_BUY_TOO_MANY",
    });
    return {
      ok: false,
      failure: { code: "SMART_BUY_TOO_MANY", params: { max: MAX_RUNNING_PER_TEAM } },
    };
  }
  // The key's sync holder runs it: its first attempt now, not after the next interval.
  requestSync(key.id);
  return { ok: true, value: { id } };
}

/**
 * Any member of the team may stop it. Recorded before the runner's next fence, so no getNumber
 * starts after this returns (one already under way cannot be called back).
 */
export async function stopSmartBuy(
  teamId: string,
  actor: Actor,
  id: string,
): Promise<Outcome<{ id: string }>> {
  const db = await getDb();
  return db.transaction().execute(async (trx) => {
    const stopped = await trx
      .updateTable("smart_buys")
      .set({ state: "stopped", stopped_by: actor.label, updated_at: Date.now() })
      .where("id", "=", id)
      .where("team_id", "=", teamId)
      .where("state", "=", "running")
      .returning(["key_id", "seq"])
      .executeTakeFirst();
    if (!stopped) return { ok: false, failure: { code: "SMART_BUY_NOT_RUNNING" } };
    await appendAudit(trx, {
      ...auditOf(teamId, actor, stopped.key_id, "smartBuy.stop"),
      detail: `${id} after ${stopped.seq} attempt(s)`,
      outcome: "ok",
      result: "STOPPED",
    });
    return { ok: true, value: { id } };
  });
}

/**
 * A key disabled or deleted: its sync loop (which runs smart buys) ends, so its running smart buys
 * end too, as failed with KEY_UNAVAILABLE, each audited. Left running they would count against
 * the team's cap for good, and a key enabled again days later would buy at once for a request
 * nobody is waiting on any more.
 */
export async function endSmartBuysOfKey(teamId: string, actor: Actor, keyId: string): Promise<void> {
  const db = await getDb();
  await db.transaction().execute(async (trx) => {
    const ended = await trx
      .updateTable("smart_buys")
      .set({ state: "failed", last_error: "KEY_UNAVAILABLE", updated_at: Date.now() })
      .where("key_id", "=", keyId)
      .where("team_id", "=", teamId)
      .where("state", "=", "running")
      .returning(["id", "seq"])
      .execute();
    for (const buy of ended) {
      await appendAudit(trx, {
        ...auditOf(teamId, actor, keyId, "smartBuy.stop"),
        detail: `${buy.id} after ${buy.seq} attempt(s): key disabled or deleted`,
        outcome: "ok",
        result: "KEY_UNAVAILABLE",
      });
    }
  });
}

/** The team's running smart buys and the latest ended ones, each with its attempts. */
export async function listSmartBuys(teamId: string, db?: Kysely<Database>): Promise<SmartBuyDto[]> {
  const conn = db ?? (await getDb());
  const rows = await conn
    .selectFrom("smart_buys as b")
    .leftJoin("activations as a", (join) =>
      join.onRef("a.key_id", "=", "b.key_id").onRef("a.id", "=", "b.activation_id"),
    )
    .selectAll("b")
    .select("a.phone")
    .where("b.team_id", "=", teamId)
    .orderBy((eb) => eb.case().when("b.state", "=", "running").then(0).else(1).end())
    .orderBy("b.created_at", "desc")
    .limit(LIST_LIMIT)
    .execute();
  if (rows.length === 0) return [];
  const attempts = await conn
    .selectFrom("smart_buy_attempts")
    .selectAll()
    .where(
      "smart_buy_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("seq")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    keyId: r.key_id,
    service: r.service,
    countries: planOf(r).countries as string[],
    maxPrice: r.max_price === null ? null : Number(r.max_price),
    everySeconds: r.every_seconds,
    maxRounds: r.max_rounds,
    state: r.state as SmartBuyState,
    round: r.round,
    nextAt: Number(r.next_at),
    activationId: r.activation_id,
    phone: r.phone ?? null,
    requestedBy: r.requested_by,
    stoppedBy: r.stopped_by,
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    attempts: attempts
      .filter((a) => a.smart_buy_id === r.id)
      .map((a) => ({
        seq: a.seq,
        round: a.round,
        country: a.country,
        outcome: a.outcome,
        at: Number(a.at),
      })),
  }));
}

function auditOf(teamId: string, actor: Actor, keyId: string, action: string) {
  return { team_id: teamId, actor_id: actor.id, actor: actor.label, key_id: keyId, action };
}

function describeRequest(r: SmartBuyRequest): string {
  const max = r.maxPrice === undefined ? "" : ` max ${r.maxPrice}`;
  return `${r.service}/${r.countries.join(",")}${max} every ${r.everySeconds}s × ${r.maxRounds}`;
}
