import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { log } from "@/lib/log";

// Undoing a setup that failed half way: every row it made and its claim on the "set up" mark,
// in one transaction of our own (no better-auth call inside, so the one connection cannot wait
// on itself). Rows are found by id when the step that made them returned, else by what setup
// chose before calling it (the email, the team's slug). Deleting by email is safe: setup runs
// only while there are no users, and accounts are made by /setup and team admins alone.

type BetterAuthRows = {
  session: { userId: string };
  account: { userId: string };
  invitation: { organizationId: string };
};

export type SetupLeftovers = {
  userId?: string;
  teamId?: string;
  teamSlug: string;
  email: string;
  mark: string;
  /** The pending value this attempt wrote: only that claim is released. */
  claim: string;
};

export async function undoSetup(db: Kysely<Database>, made: SetupLeftovers): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      const t = trx.withTables<BetterAuthRows>();
      const users = await t
        .selectFrom("user")
        .select("id")
        .where("email", "=", made.email.toLowerCase())
        .execute();
      const userIds = [
        ...new Set([...(made.userId ? [made.userId] : []), ...users.map((u) => u.id)]),
      ];
      const teams = await t
        .selectFrom("organization")
        .select("id")
        .where("slug", "=", made.teamSlug)
        .execute();
      const teamIds = [
        ...new Set([...(made.teamId ? [made.teamId] : []), ...teams.map((o) => o.id)]),
      ];
      if (teamIds.length > 0) {
        await t.deleteFrom("invitation").where("organizationId", "in", teamIds).execute();
        await t.deleteFrom("member").where("organizationId", "in", teamIds).execute();
        await t.deleteFrom("organization").where("id", "in", teamIds).execute();
      }
      if (userIds.length > 0) {
        await t.deleteFrom("member").where("userId", "in", userIds).execute();
        await t.deleteFrom("session").where("userId", "in", userIds).execute();
        await t.deleteFrom("account").where("userId", "in", userIds).execute();
        await t.deleteFrom("user").where("id", "in", userIds).execute();
      }
      await t
        .deleteFrom("app_state")
        .where("name", "=", made.mark)
        .where("value", "=", made.claim)
        .execute();
    });
  } catch (error) {
    // Left as is, the claim goes stale and setup can be claimed again after a while.
    log.error(
      { err: error instanceof Error ? error.name : "unknown" },
      "setup could not be undone",
    );
  }
}
