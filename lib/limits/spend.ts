import "server-only";
import type { Kysely, Transaction } from "kysely";
import type { ActivationState } from "@/lib/activation-states";
import type { Database } from "@/lib/db/schema";

// What counts as spent today (the UTC day, lib/limits/arithmetic.ts), read in ONE statement so
// that an order settling meanwhile is counted once, never zero times: its reservation stops
// counting in the same commit that records its activation.
//
// - Activations bought today at their cost, except the refunded ones: the
//   provider refunds a cancel (cancelled) and a lifetime with no code (expired). A key's spend
//   also counts numbers bought elsewhere with it (sync found them): they spend its balance. A
//   member's counts what they ordered here (activations.ordered_by, their email). "Today" is
//   when we recorded the row (created_at, our clock: at the order, or when sync found it seconds
//   later), not the provider's purchase time, whose clock and time zone may be off.
// - Reservations of orders under a limit whose getNumber is under way (pending) or whose answer
//   was lost (unknown: a number may have been bought): at the cost the order was checked at.
//   Against a key, only for KEY_HOLD_MS: if the lost order did buy a number, sync lists it within
//   a few passes and the number itself counts as the key's spend (counting both would refuse
//   orders the key can afford). A member's keeps counting all day: a number sync finds is no
//   member's, so the reservation is the only trace of what they spent.

type Db = Kysely<Database> | Transaction<Database>;

export type SpendSubject = { scope: "key"; keyId: string } | { scope: "member"; teamId: string; userId: string; email: string };

const REFUNDED: ActivationState[] = ["cancelled", "expired"];
const HELD = ["pending", "unknown"];
/** Longer than an order's call can last plus several sync passes (see above). */
export const KEY_HOLD_MS = 5 * 60_000;

export async function spentToday(db: Db, subject: SpendSubject, dayStart: number, nowMs = Date.now()): Promise<number> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("activations as a")
        .innerJoin("provider_keys as k", "k.id", "a.key_id")
        .select((s) => s.fn.coalesce(s.fn.sum<number>("a.cost"), s.lit(0)).as("v"))
        .where("a.created_at", ">=", dayStart)
        .where("a.state", "not in", REFUNDED)
        .where((w) =>
          subject.scope === "key"
            ? w("a.key_id", "=", subject.keyId)
            : w.and([w("k.team_id", "=", subject.teamId), w("a.ordered_by", "=", subject.email)]),
        )
        .as("bought"),
      eb
        .selectFrom("spend_reservations as r")
        .innerJoin("order_requests as o", "o.order_id", "r.order_id")
        .select((s) => s.fn.coalesce(s.fn.sum<number>("r.amount"), s.lit(0)).as("v"))
        .where("r.created_at", ">=", dayStart)
        .where("o.status", "in", HELD)
        .where((w) =>
          subject.scope === "key"
            ? w.and([w("r.key_id", "=", subject.keyId), w("o.created_at", ">=", nowMs - KEY_HOLD_MS)])
            : w.and([w("r.team_id", "=", subject.teamId), w("r.user_id", "=", subject.userId)]),
        )
        .as("held"),
    ])
    .executeTakeFirstOrThrow();
  return Number(row.bought ?? 0) + Number(row.held ?? 0);
}
