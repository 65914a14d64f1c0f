import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { type Harness, startHarness } from "@/lib/testing/app-harness";
import { changeNoticesDuring, changeNoticesHeard } from "@/lib/testing/change-notices";

// What one instance learns about a key reaches the others through the database: the provider
// clock offset the sync holder stores is adopted by instances that did not measure one lately,
// and every change to the key's health is published so open tables refresh their banners.

const KEY = "key-state-shared-0004";
let h: Harness;
let db: Kysely<Database>;
let clock: typeof import("./provider-clock");
let health: typeof import("./health");
let provider: typeof import("@/lib/provider");

const storeOffset = (ms: number) =>
  db.updateTable("provider_keys").set({ clock_offset_ms: ms }).where("id", "=", h.keyId).execute();
const offsetNow = () => {
  const now = Date.now();
  return clock.providerNow(h.keyId, now) - now;
};

/** The change notices for this key while `write` runs. */
const noticesDuring = (write: () => Promise<void>) => changeNoticesDuring(h.keyId, write);

beforeAll(async () => {
  h = await startHarness(KEY);
  db = await h.mod.db.getDb();
  clock = await import("./provider-clock");
  health = await import("./health");
  provider = await import("@/lib/provider");
  await changeNoticesHeard();
  // Migrating a fresh PostgreSQL database takes several seconds on a busy machine.
}, 60_000);
afterAll(() => h.close());

describe("the provider clock offset stored by the sync holder", () => {
  it("is adopted when the key is loaded by an instance that has not measured one", async () => {
    await storeOffset(120_000);
    await h.key();
    expect(offsetNow()).toBe(120_000);
    await storeOffset(-45_000);
    await h.mod.keys.getEnabledKey(h.keyId);
    expect(offsetNow()).toBe(-45_000);
  });

  it("gives way to this instance's own measurement of the last 10 s, not an older one", async () => {
    const now = Date.now();
    // A Date header 7 s ahead: the provider is 7.5 s ahead, give or take half the second it names.
    clock.recordProviderDate(h.keyId, { dateMs: now + 7000, askedAtMs: now, answeredAtMs: now });
    await storeOffset(999_000);
    await h.key();
    expect(offsetNow()).toBe(7500);
    // Once our measurement is older than that, the holder's fresher one wins.
    clock.adoptStoredOffset(h.keyId, 999_000, now + clock.OWN_MEASUREMENT_FRESH_MS + 1);
    expect(offsetNow()).toBe(999_000);
  });
});

describe("key health writes", () => {
  const key = () => h.key();

  it("publish a change when the key is banned, and when the ban is lifted", async () => {
    const banned = new provider.ProviderError("BANNED", { bannedUntil: "2099-01-01 00:00:00" });
    expect(await noticesDuring(async () => health.recordKeyFault(await key(), banned))).toBe(1);
    // Lifted once it has passed (a ban still running is never lifted: clear-faults.test.ts).
    const afterBan = Date.UTC(2100, 0, 1);
    expect(await noticesDuring(() => health.clearKeyFaults({ id: h.keyId, brokenCode: null }, afterBan))).toBe(1);
    // Nothing to lift: nothing written, nothing published.
    expect(await noticesDuring(() => health.clearKeyFaults({ id: h.keyId, brokenCode: null }, afterBan))).toBe(0);
  });

  it("publish a change when the key is rejected (once), and not for a transient fault", async () => {
    const rejected = new provider.ProviderError("BAD_KEY");
    expect(await noticesDuring(async () => health.recordKeyFault(await key(), rejected))).toBe(1);
    expect(await noticesDuring(async () => health.recordKeyFault(await key(), rejected))).toBe(0);
    expect(await noticesDuring(async () => health.recordKeyFault(await key(), new provider.ProviderError("TIMEOUT")))).toBe(0);
    await health.clearKeyFaults({ id: h.keyId, brokenCode: "BAD_KEY" });
  });

  it("publish a change when the secret becomes unreadable and when it is readable again", async () => {
    const row = await db.selectFrom("provider_keys").select("secret_sealed").where("id", "=", h.keyId).executeTakeFirstOrThrow();
    const k = await key();
    expect(
      await noticesDuring(() => health.recordSecretUnreadable({ id: k.id, teamId: k.teamId, sealed: row.secret_sealed })),
    ).toBe(1);
    expect(await noticesDuring(() => health.clearSecretUnreadable(h.keyId, row.secret_sealed))).toBe(1);
  });
});
