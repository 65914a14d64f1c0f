import "server-only";
import { getAuth } from "@/lib/auth/auth";
import { env } from "@/lib/config/env";
import { createKey } from "@/lib/keys/service";
import { log } from "@/lib/log";
import { isSetupDone, runSetup } from "@/lib/setup/service";

// Demo mode (SMS_DESK_DEMO=1, set by `npm run demo` and the e2e stack): on a fresh database,
// a team with an admin and an operator (plus DEMO_EXTRA_OPERATORS numbered ones) and one key on
// the bundled simulator. Never outside demo mode: a real install starts with /setup and no
// default credentials.

const store = globalThis as unknown as { smsDeskDemoSeeded?: Promise<void> };

export function ensureDemoSeeded(): Promise<void> {
  if (env().SMS_DESK_DEMO !== "1") return Promise.resolve();
  store.smsDeskDemoSeeded ??= seed().catch((error) => {
    store.smsDeskDemoSeeded = undefined;
    throw error;
  });
  return store.smsDeskDemoSeeded;
}

async function seed() {
  if (await isSetupDone()) return;
  const e = env();
  if (!e.DEMO_API_KEY) throw new Error("Demo mode needs DEMO_API_KEY (npm run demo sets one)");
  const setup = await runSetup({
    teamName: "Demo team",
    name: "Demo admin",
    email: e.DEMO_ADMIN_EMAIL,
    password: e.DEMO_ADMIN_PASSWORD,
  });
  if (!setup.ok) return;
  const { teamId, userId } = setup.value;
  await addOperator(teamId, e.DEMO_OPERATOR_EMAIL, "Demo operator");
  // One at a time: each sign-up hashes a password (scrypt), and a burst would stall the server.
  for (let n = 1; n <= e.DEMO_EXTRA_OPERATORS; n++) {
    await addOperator(teamId, `operator${n}@demo.local`, `Demo operator ${n}`);
  }
  await createKey(teamId, { id: userId, label: e.DEMO_ADMIN_EMAIL }, {
    name: "Simulator",
    provider: "simulator",
    secret: e.DEMO_API_KEY,
  });
  log.info({ team: "Demo team", extraOperators: e.DEMO_EXTRA_OPERATORS }, "demo data seeded");
}

async function addOperator(teamId: string, email: string, name: string) {
  const auth = getAuth();
  const { user } = await auth.api.signUpEmail({
    body: { email, password: env().DEMO_OPERATOR_PASSWORD, name },
  });
  await auth.api.addMember({ body: { userId: user.id, organizationId: teamId, role: "operator" } });
}
