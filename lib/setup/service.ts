import "server-only";
import { appendAudit } from "@/lib/audit/append";
import { getAuth } from "@/lib/auth/auth";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { createKey } from "@/lib/keys/service";
import type { Outcome } from "@/lib/result";
import { teamSlug } from "@/lib/teams/slug";

// First run: with no users at all, /setup creates the first admin and their team, once. There
// are no default credentials outside demo mode.

const SETUP_MARK = "setup_done";

export type SetupInput = { teamName: string; name: string; email: string; password: string };

export async function isSetupDone(): Promise<boolean> {
  const db = await getDb();
  const mark = await db.selectFrom("app_state").select("name").where("name", "=", SETUP_MARK).executeTakeFirst();
  if (mark) return true;
  const anyUser = await db.selectFrom("user").select("id").limit(1).executeTakeFirst();
  return anyUser !== undefined;
}

export async function runSetup(input: SetupInput): Promise<Outcome<{ teamId: string; userId: string }>> {
  const db = await getDb();
  if (await isSetupDone()) return { ok: false, failure: { code: "SETUP_DONE" } };
  // The mark's primary key makes "once" hold even for two setups submitted at the same moment.
  const claimed = await db
    .insertInto("app_state")
    .values({ name: SETUP_MARK, value: new Date().toISOString() })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (claimed.numInsertedOrUpdatedRows !== 1n) return { ok: false, failure: { code: "SETUP_DONE" } };

  const auth = getAuth();
  const { user } = await auth.api.signUpEmail({
    body: { email: input.email, password: input.password, name: input.name },
  });
  const team = await createTeamFor(user.id, input.teamName);
  const actor = { id: user.id, label: user.email };
  await appendAudit(db, {
    team_id: team.id,
    actor_id: user.id,
    actor: user.email,
    action: "team.setup",
    detail: input.teamName,
    outcome: "ok",
    result: "OK",
  });
  // The operator core read its key from the environment: carry it into the vault once.
  const envKey = env().SMS_API_KEY;
  if (envKey) {
    await createKey(team.id, actor, { name: "Imported from SMS_API_KEY", provider: "custom", baseUrl: env().SMS_PROVIDER_URL, secret: envKey });
  }
  return { ok: true, value: { teamId: team.id, userId: user.id } };
}

/** A team whose creator is its admin (better-auth's creatorRole). */
export async function createTeamFor(userId: string, name: string) {
  const team = await getAuth().api.createOrganization({ body: { name, slug: teamSlug(name), userId } });
  if (!team) throw new Error("team not created");
  return team;
}
