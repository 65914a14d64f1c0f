import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { type Harness, startHarness } from "@/lib/testing/app-harness";

// A successful call lifts what its caller read, nothing newer: a ban another instance recorded
// during the pass (still running) and a rejection other than the one read both stay.

let h: Harness;
let db: Kysely<Database>;
let health: typeof import("./health");

beforeAll(async () => {
  h = await startHarness("clear-faults-key-0019");
  db = await h.mod.db.getDb();
  health = await import("./health");
});
afterAll(() => h.close());
beforeEach(() => setFaults({ banned_until: null, broken_code: null, broken_at: null }));

type Faults = { banned_until: number | null; broken_code: string | null; broken_at: number | null };
const setFaults = (f: Faults) => db.updateTable("provider_keys").set(f).where("id", "=", h.keyId).execute();
const faults = () =>
  db.selectFrom("provider_keys").select(["banned_until", "broken_code"]).where("id", "=", h.keyId).executeTakeFirstOrThrow();

describe("clearKeyFaults", () => {
  it("lifts a ban that has passed", async () => {
    await setFaults({ banned_until: Date.now() - 1000, broken_code: null, broken_at: null });
    await health.clearKeyFaults({ id: h.keyId, brokenCode: null });
    expect(await faults()).toMatchObject({ banned_until: null });
  });

  it("keeps a ban still running (recorded meanwhile by another instance)", async () => {
    const until = Date.now() + 600_000;
    await setFaults({ banned_until: until, broken_code: null, broken_at: null });
    await health.clearKeyFaults({ id: h.keyId, brokenCode: null });
    expect(Number((await faults()).banned_until)).toBe(until);
  });

  it("lifts the rejection it read, and keeps a running ban", async () => {
    const until = Date.now() + 600_000;
    await setFaults({ banned_until: until, broken_code: "BAD_KEY", broken_at: Date.now() });
    await health.clearKeyFaults({ id: h.keyId, brokenCode: "BAD_KEY" });
    const after = await faults();
    expect(after.broken_code).toBeNull();
    expect(Number(after.banned_until)).toBe(until);
  });

  it("keeps a rejection other than the one read", async () => {
    await setFaults({ banned_until: null, broken_code: "ACCOUNT_INACTIVE", broken_at: Date.now() });
    await health.clearKeyFaults({ id: h.keyId, brokenCode: null });
    expect(await faults()).toMatchObject({ broken_code: "ACCOUNT_INACTIVE" });
    await health.clearKeyFaults({ id: h.keyId, brokenCode: "BAD_KEY" });
    expect(await faults()).toMatchObject({ broken_code: "ACCOUNT_INACTIVE" });
  });

  it("lifts the running ban it was called under (an admin's successful Test), not a different one", async () => {
    const until = Date.now() + 600_000;
    await setFaults({ banned_until: until, broken_code: null, broken_at: null });
    await health.clearKeyFaults({ id: h.keyId, brokenCode: null, bannedUntilMs: until - 5000 });
    expect(Number((await faults()).banned_until)).toBe(until);
    await health.clearKeyFaults({ id: h.keyId, brokenCode: null, bannedUntilMs: until });
    expect(await faults()).toMatchObject({ banned_until: null });
  });

  it("an admin's successful Test lifts a ban that has not passed yet", async () => {
    await setFaults({ banned_until: Date.now() + 600_000, broken_code: null, broken_at: null });
    const tested = await h.mod.keyService.testKey("team-a", { id: "user-1", label: "tester@example.test" }, h.keyId);
    expect(tested.ok).toBe(true);
    expect(await faults()).toMatchObject({ banned_until: null });
  });
});
