import "server-only";
import type { Kysely } from "kysely";
import { appendAudit } from "@/lib/audit/append";
import { getAuth } from "@/lib/auth/auth";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-policy";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/schema";
import { createKey } from "@/lib/keys/service";
import { log } from "@/lib/log";
import type { Failure, Outcome } from "@/lib/result";
import { teamSlug } from "@/lib/teams/slug";
import { checkSetupToken, type SetupVisitor } from "./gate";
import { forgetSetupToken } from "./token";
import { undoSetup } from "./undo";

// First run: with no users at all, /setup creates the first admin and their team, once. There
// are no default credentials outside demo mode.
//
// The admin, the team and the "set up" mark are one unit. Not one SQL transaction: better-auth
// writes through the same single SQLite connection outside our transactions, so wrapping its
// calls in one would wait on itself forever. Instead the mark is claimed first as "pending"
// (its primary key makes "once" hold even for two submissions at the same moment), and any
// failure after that undoes every row made so far and the claim, so setup can be tried again.

const SETUP_MARK = "setup_done";
const PENDING = "pending:";
/** A claim this old with no user is a setup that died with its process: it may be claimed again. */
const STALE_CLAIM_MS = 10 * 60_000;

export type SetupInput = { teamName: string; name: string; email: string; password: string };

export async function isSetupDone(): Promise<boolean> {
  const db = await getDb();
  const anyUser = await db.selectFrom("user").select("id").limit(1).executeTakeFirst();
  if (anyUser) return true;
  const mark = await db
    .selectFrom("app_state")
    .select("value")
    .where("name", "=", SETUP_MARK)
    .executeTakeFirst();
  if (!mark) return false;
  // Done, or under way right now; a stale claim without a user is a crashed attempt.
  return !mark.value.startsWith(PENDING) || mark.value >= `${PENDING}${staleBefore()}`;
}

/** The password policy, checked before anything is written (better-auth refuses past 128). */
export function passwordPolicyFailure(password: string): Failure | null {
  if (password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH) return null;
  return {
    code: "PASSWORD_LENGTH",
    params: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH },
  };
}

/** /setup as a visitor submits it: from another machine only with the setup token. */
export async function runSetupAsVisitor(
  input: SetupInput,
  visitor: SetupVisitor,
): Promise<Outcome<{ teamId: string; userId: string }>> {
  if (await isSetupDone()) return { ok: false, failure: { code: "SETUP_DONE" } };
  const refused = checkSetupToken(visitor);
  if (refused) return { ok: false, failure: refused };
  return runSetup(input);
}

/** Setup for a trusted caller (the action after its token check, demo seeding). */
export async function runSetup(
  input: SetupInput,
): Promise<Outcome<{ teamId: string; userId: string }>> {
  const invalid = passwordPolicyFailure(input.password);
  if (invalid) return { ok: false, failure: invalid };
  const db = await getDb();
  if (await isSetupDone()) return { ok: false, failure: { code: "SETUP_DONE" } };
  const claim = await claimSetup(db);
  if (!claim) return { ok: false, failure: { code: "SETUP_DONE" } };

  const made: { userId?: string; teamId?: string; teamSlug: string } = {
    teamSlug: teamSlug(input.teamName),
  };
  let created: { teamId: string; userId: string; email: string };
  try {
    const user = await createAdmin(input, (id) => {
      made.userId = id;
    });
    const team = await createTeamFor(user.id, input.teamName, made.teamSlug);
    made.teamId = team.id;
    await db.transaction().execute(async (trx) => {
      await appendAudit(trx, {
        team_id: team.id,
        actor_id: user.id,
        actor: user.email,
        action: "team.setup",
        detail: input.teamName,
        outcome: "ok",
        result: "OK",
      });
      await trx
        .updateTable("app_state")
        .set({ value: new Date().toISOString() })
        .where("name", "=", SETUP_MARK)
        .execute();
    });
    created = { teamId: team.id, userId: user.id, email: user.email };
  } catch (error) {
    log.error(
      { err: error instanceof Error ? error.name : "unknown" },
      "setup failed: undoing it so it can be tried again",
    );
    await undoSetup(db, { ...made, email: input.email, mark: SETUP_MARK, claim });
    return { ok: false, failure: { code: "SETUP_FAILED" } };
  }
  forgetSetupToken();
  await importEnvKey(created.teamId, { id: created.userId, label: created.email });
  return { ok: true, value: { teamId: created.teamId, userId: created.userId } };
}

/** A team whose creator is its admin (better-auth's creatorRole). */
export async function createTeamFor(userId: string, name: string, slug = teamSlug(name)) {
  const team = await getAuth().api.createOrganization({ body: { name, slug, userId } });
  if (!team) throw new Error("team not created");
  return team;
}

/** Claims the mark as pending; null when someone else holds it (done or under way). */
async function claimSetup(db: Kysely<Database>): Promise<string | null> {
  const claim = `${PENDING}${new Date().toISOString()}`;
  const result = await db
    .insertInto("app_state")
    .values({ name: SETUP_MARK, value: claim })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet({ value: claim })
        .where("app_state.value", "like", `${PENDING}%`)
        .where("app_state.value", "<", `${PENDING}${staleBefore()}`)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom("user").select("id")))),
    )
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n ? claim : null;
}

function staleBefore(): string {
  return new Date(Date.now() - STALE_CLAIM_MS).toISOString();
}

/**
 * The first admin, with better-auth's own adapter and hasher (as lib/teams/accounts.ts does), so
 * the user id is known the moment its row exists and setup keeps working with public sign-up
 * closed. The caller hears of the id before the credential is linked, to undo both on failure.
 */
async function createAdmin(input: SetupInput, onUser: (id: string) => void) {
  const ctx = await getAuth().$context;
  const hash = await ctx.password.hash(input.password);
  const user = await ctx.internalAdapter.createUser(
    { email: input.email, name: input.name, emailVerified: false },
    { method: "email-password" },
  );
  onUser(user.id);
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: hash,
  });
  return user;
}

/**
 * The operator core read its key from the environment: carry it into the vault once. After the
 * setup unit on purpose: a key the vault refuses must not undo the admin, who can add it again
 * from /keys (the refusal is logged, never the key).
 */
async function importEnvKey(teamId: string, actor: { id: string; label: string }) {
  const envKey = env().SMS_API_KEY;
  if (!envKey) return;
  try {
    const imported = await createKey(teamId, actor, {
      name: "Imported from SMS_API_KEY",
      provider: "custom",
      baseUrl: env().SMS_PROVIDER_URL,
      secret: envKey,
    });
    if (!imported.ok)
      log.warn({ code: imported.failure.code }, "SMS_API_KEY was not imported at setup");
  } catch (error) {
    log.error(
      { err: error instanceof Error ? error.name : "unknown" },
      "SMS_API_KEY was not imported at setup",
    );
  }
}
