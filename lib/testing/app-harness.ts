// Integration-test harness: the real simulator over HTTP, a temp SQLite file, and one key of
// team "team-a" in the vault. Server modules are imported after the environment is set, since
// lib/config/env.ts reads it once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestSimulator, type TestSimulator } from "@/lib/simulator/test-server";
import { testDatabaseUrl } from "./test-database";

export const TEAM = "team-a";
export const ACTOR = { id: "user-1", label: "tester@example.test" };

export async function startHarness(apiKey: string, env: Record<string, string> = {}) {
  const sim: TestSimulator = await startTestSimulator();
  sim.engine.setAccount(apiKey, 50);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-desk-it-"));
  Object.assign(process.env, {
    DATABASE_URL: await testDatabaseUrl(dir),
    SMS_PROVIDER_URL: sim.baseUrl,
    SMS_DESK_SECRET: "unit-test-master-secret-0123456789abcdef",
    LOG_LEVEL: "silent",
    ...env,
  });
  const mod = {
    service: await import("@/lib/activations/service"),
    order: await import("@/lib/activations/order"),
    repo: await import("@/lib/activations/repository"),
    rows: await import("@/lib/activations/rows"),
    sync: await import("@/lib/sync/sync-once"),
    keys: await import("@/lib/keys/provider-keys"),
    keyService: await import("@/lib/keys/service"),
    db: await import("@/lib/db"),
  };
  const created = await mod.keyService.createKey(TEAM, ACTOR, { name: "Sim", provider: "simulator", secret: apiKey });
  if (!created.ok) throw new Error("test key not created");
  const keyId = created.value.id;

  const boughtElsewhere = (): string => {
    const bought = sim.engine.createActivation({ key: apiKey, service: "tg", country: "73", autoSms: false });
    if (!bought.ok) throw new Error("purchase failed");
    return bought.activation.id;
  };
  const key = async () => {
    const k = await mod.keys.getTeamKey(TEAM, keyId);
    if (!k) throw new Error("test key missing");
    return k;
  };
  return {
    sim,
    mod,
    keyId,
    key,
    dbFile: path.join(dir, "test.db"),
    /** An activation bought elsewhere with the key and imported by one sync pass. */
    async synced(code?: string): Promise<string> {
      const id = boughtElsewhere();
      if (code) sim.engine.deliverSms(id, { code });
      await mod.sync.syncKeyOnce(await key());
      return id;
    },
    /** An activation bought elsewhere with the key, not yet imported by sync. */
    boughtElsewhere,
    /** Whether sync has imported the activation (of the harness's key unless told) into our database. */
    async imported(id: string, forKey: string = keyId): Promise<boolean> {
      return (await mod.rows.findActivation(await mod.db.getDb(), forKey, id)) !== undefined;
    },
    /** performAction as the action calls it: the activation named by key and id (the harness's key unless told). */
    act(
      activationId: string,
      action: "cancel" | "retry" | "finish",
      { teamId = TEAM, keyId: forKey = keyId }: { teamId?: string; keyId?: string } = {},
    ) {
      return mod.service.performAction({ teamId, keyId: forKey, activationId, action, actor: ACTOR });
    },
    async requests(filter: string): Promise<unknown[]> {
      return (await fetch(`${sim.baseUrl}/__sim/requests?${filter}`)).json() as Promise<unknown[]>;
    },
    async fault(body: Record<string, unknown>) {
      await fetch(`${sim.baseUrl}/__sim/faults`, { method: "POST", body: JSON.stringify({ times: 1, ...body }) });
    },
    async close() {
      await sim.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
