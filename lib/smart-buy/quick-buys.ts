import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { getDb } from "@/lib/db";
import { getTeamKey } from "@/lib/keys/provider-keys";
import type { Outcome } from "@/lib/result";
import type { QuickBuyDto } from "./dto";
import { planOf, type SmartBuyRequest, startSmartBuy } from "./store";

// Quick buys: a team's smart buy presets (service, countries in order, max price, key), shared
// with the team or personal, each a one-click button that starts a smart buy as the clicker.
// Saving and deleting are audited; a click is audited as the smart buy's start.

/** Presets a team may keep: buttons, not a library. */
export const MAX_QUICK_BUYS_PER_TEAM = 30;

export type QuickBuyRequest = SmartBuyRequest & { name: string; shared: boolean };

type Caller = { teamId: string; actor: Actor; isAdmin: boolean };

/** The caller's buttons: the team's shared presets and their own, oldest first. */
export async function listQuickBuys({ teamId, actor, isAdmin }: Caller): Promise<QuickBuyDto[]> {
  const rows = await (await getDb())
    .selectFrom("quick_buys")
    .selectAll()
    .where("team_id", "=", teamId)
    .where((eb) => eb.or([eb("owner_id", "is", null), eb("owner_id", "=", actor.id)]))
    .orderBy("created_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    keyId: r.key_id,
    service: r.service,
    countries: planOf(r).countries as string[],
    maxPrice: r.max_price === null ? null : Number(r.max_price),
    shared: r.owner_id === null,
    createdBy: r.created_by,
    deletable: isAdmin || r.owner_id === actor.id || r.created_by === actor.label,
  }));
}

export async function saveQuickBuy(
  { teamId, actor }: Caller,
  request: QuickBuyRequest,
): Promise<Outcome<{ id: string }>> {
  if (!(await getTeamKey(teamId, request.keyId)))
    return { ok: false, failure: { code: "KEY_UNAVAILABLE" } };
  const db = await getDb();
  const id = crypto.randomUUID();
  const audit = {
    team_id: teamId,
    actor_id: actor.id,
    actor: actor.label,
    key_id: request.keyId,
    action: "quickBuy.save",
  };
  const detail = `${request.name} (${request.shared ? "shared" : "personal"}): ${request.service}/${request.countries.join(",")}`;
  const saved = await db.transaction().execute(async (trx) => {
    const count = await trx
      .selectFrom("quick_buys")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("team_id", "=", teamId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_QUICK_BUYS_PER_TEAM) return false;
    await trx
      .insertInto("quick_buys")
      .values({
        id,
        team_id: teamId,
        owner_id: request.shared ? null : actor.id,
        name: request.name,
        key_id: request.keyId,
        service: request.service,
        countries: JSON.stringify(request.countries),
        max_price: request.maxPrice ?? null,
        every_seconds: request.everySeconds,
        max_rounds: request.maxRounds,
        created_by: actor.label,
        created_at: Date.now(),
      })
      .execute();
    await appendAudit(trx, { ...audit, detail, outcome: "ok", result: "SAVED" });
    return true;
  });
  if (!saved) {
    await appendAudit(db, { ...audit, detail, outcome: "refused", result: "QUICK_BUY_TOO_MANY" });
    return {
      ok: false,
      failure: { code: "QUICK_BUY_TOO_MANY", params: { max: MAX_QUICK_BUYS_PER_TEAM } },
    };
  }
  return { ok: true, value: { id } };
}

/** Its owner (or, for a shared one, whoever saved it) and admins may delete it. */
export async function deleteQuickBuy(caller: Caller, id: string): Promise<Outcome<{ id: string }>> {
  const preset = (await listQuickBuys(caller)).find((q) => q.id === id && q.deletable);
  if (!preset) return { ok: false, failure: { code: "QUICK_BUY_NOT_FOUND" } };
  const db = await getDb();
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom("quick_buys")
      .where("id", "=", id)
      .where("team_id", "=", caller.teamId)
      .execute();
    await appendAudit(trx, {
      team_id: caller.teamId,
      actor_id: caller.actor.id,
      actor: caller.actor.label,
      key_id: preset.keyId,
      action: "quickBuy.delete",
      detail: preset.name,
      outcome: "ok",
      result: "DELETED",
    });
  });
  return { ok: true, value: { id } };
}

/** One click: a smart buy with the preset's plan, started by the clicker. */
export async function runQuickBuy(caller: Caller, id: string): Promise<Outcome<{ id: string }>> {
  const db = await getDb();
  const row = await db
    .selectFrom("quick_buys")
    .selectAll()
    .where("id", "=", id)
    .where("team_id", "=", caller.teamId)
    .where((eb) => eb.or([eb("owner_id", "is", null), eb("owner_id", "=", caller.actor.id)]))
    .executeTakeFirst();
  if (!row) return { ok: false, failure: { code: "QUICK_BUY_NOT_FOUND" } };
  return startSmartBuy(caller.teamId, caller.actor, {
    keyId: row.key_id,
    service: row.service,
    countries: planOf(row).countries as string[],
    maxPrice: row.max_price === null ? undefined : Number(row.max_price),
    everySeconds: row.every_seconds,
    maxRounds: row.max_rounds,
  });
}
