import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";

// The same provider secret twice in one team (a preset and a custom URL to the same host, or the
// SMS_API_KEY import added again) is refused, naming the key that holds it; secrets are compared
// by a keyed fingerprint. Before, both were stored: every activation showed twice and the
// provider got two token buckets for one real key.

const SECRET = "fingerprint-test-key-0001";
let h: Harness;
let fp: typeof import("./fingerprint");
let vault: typeof import("./vault");

const db = () => h.mod.db.getDb();
const create = (
  name: string,
  secret: string,
  where: { provider?: string; baseUrl?: string } = {},
  team = TEAM,
) =>
  h.mod.keyService.createKey(team, ACTOR, {
    name,
    provider: where.provider ?? "simulator",
    baseUrl: where.baseUrl,
    secret,
  });
const duplicateOf = (name: string) => ({
  ok: false,
  failure: { code: "KEY_DUPLICATE", params: { name } },
});
const teamKeyCount = async (team = TEAM) =>
  (
    await (
      await db()
    )
      .selectFrom("provider_keys")
      .select("id")
      .where("team_id", "=", team)
      .where("deleted_at", "is", null)
      .execute()
  ).length;

async function created(
  name: string,
  secret: string,
  where: { provider?: string; baseUrl?: string } = {},
  team = TEAM,
) {
  const outcome = await create(name, secret, where, team);
  if (!outcome.ok) throw new Error(`${name}: ${outcome.failure.code}`);
  return outcome.value.id;
}

beforeAll(async () => {
  // localhost is another host name for the simulator: "another provider" that is still loopback.
  h = await startHarness(SECRET, { PROVIDER_ALLOWED_HOSTS: "localhost" });
  fp = await import("./fingerprint");
  vault = await import("./vault");
});
afterAll(() => h.close());

describe("secretFingerprint and providerHost", () => {
  it("is keyed: stable under one master key, different under another, never the secret", () => {
    const key = randomBytes(32);
    expect(fp.secretFingerprint(SECRET, key)).toBe(fp.secretFingerprint(SECRET, key));
    expect(fp.secretFingerprint(SECRET, key)).not.toBe(
      fp.secretFingerprint(SECRET, randomBytes(32)),
    );
    expect(fp.secretFingerprint(SECRET, key)).not.toBe(fp.secretFingerprint(`${SECRET}x`, key));
    expect(fp.secretFingerprint(SECRET, key)).not.toContain(SECRET.slice(-8));
  });

  it("names one provider by host and port, whatever the path or case", () => {
    const api = fp.providerHost("https://api.sms.online");
    expect(fp.providerHost("https://API.sms.online/stubs/handler_api.php")).toBe(api);
    expect(fp.providerHost("https://api.sms.online./")).toBe(api);
    expect(fp.providerHost("https://api.sms.online:443/")).toBe(api);
    expect(fp.providerHost("https://api.sms.online:8443")).not.toBe(api);
    expect(fp.providerHost("https://smshub.org")).not.toBe(api);
  });
});

describe("adding the same secret twice to a team", () => {
  it("refuses a custom URL to the preset's host with the preset's secret, naming the existing key", async () => {
    const before = await teamKeyCount();
    const outcome = await create("Same sim, custom", SECRET, {
      provider: "custom",
      baseUrl: `${h.sim.baseUrl}/`,
    });
    expect(outcome).toEqual(duplicateOf("Sim"));
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
    expect(await create("Same sim again", SECRET)).toEqual(duplicateOf("Sim"));
    expect(await teamKeyCount()).toBe(before);
  });

  it("refuses the key imported from SMS_API_KEY when it is added again as a preset", async () => {
    const imported = "fingerprint-imported-0002";
    // What setup does with SMS_API_KEY: a custom key on SMS_PROVIDER_URL.
    await created("Imported from SMS_API_KEY", imported, {
      provider: "custom",
      baseUrl: process.env.SMS_PROVIDER_URL,
    });
    expect(await create("Sim by hand", imported)).toEqual(duplicateOf("Imported from SMS_API_KEY"));
  });

  it("stores a fingerprint, not the secret, with each key", async () => {
    const rows = await (await db())
      .selectFrom("provider_keys")
      .select("secret_fingerprint")
      .where("deleted_at", "is", null)
      .execute();
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.secret_fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("accepts the same secret for another provider host, and in another team", async () => {
    const port = new URL(h.sim.baseUrl).port;
    await created("Other host", SECRET, {
      provider: "custom",
      baseUrl: `http://localhost:${port}`,
    });
    await created("Team B sim", SECRET, {}, "team-b");
    expect(await create("Team B twice", SECRET, {}, "team-b")).toEqual(duplicateOf("Team B sim"));
  });

  it("does not count a deleted key", async () => {
    const secret = "fingerprint-deleted-0003";
    const id = await created("Gone soon", secret);
    expect(await h.mod.keyService.deleteKey(TEAM, ACTOR, id, true)).toMatchObject({ ok: true });
    const row = await (await db())
      .selectFrom("provider_keys")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.secret_fingerprint).toBeNull();
    await created("Back again", secret);
  });
});

describe("rotating to a secret another key holds", () => {
  it("is refused, naming that key, and leaves the rotated key as it was", async () => {
    const own = "fingerprint-rotate-0004";
    const id = await created("Rotating", own);
    expect(await h.mod.keyService.rotateKey(TEAM, ACTOR, id, SECRET)).toEqual(duplicateOf("Sim"));
    expect(await h.mod.keys.getTeamKey(TEAM, id)).toMatchObject({ secret: own });
    const rotated = await (await db())
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "key.rotate")
      .where("key_id", "=", id)
      .execute();
    expect(rotated).toHaveLength(0);

    // Its own secret again is no duplicate; a new one frees the old one and is found from then on.
    expect(await h.mod.keyService.rotateKey(TEAM, ACTOR, id, own)).toMatchObject({ ok: true });
    const fresh = "fingerprint-rotate-0005";
    expect(await h.mod.keyService.rotateKey(TEAM, ACTOR, id, fresh)).toMatchObject({ ok: true });
    expect(await create("Fresh twice", fresh)).toEqual(duplicateOf("Rotating"));
    await created("Old secret, new key", own);
  });
});

describe("keys stored before fingerprints existed", () => {
  it("get theirs from the decrypted secret when the team is next checked, unreadable ones skipped", async () => {
    const unreadable = await created("Unreadable", "fingerprint-unreadable-0006");
    const k = await db();
    await k
      .updateTable("provider_keys")
      .set({
        secret_sealed: vault.encryptSecret(
          "fingerprint-unreadable-0006",
          unreadable,
          randomBytes(32),
        ),
      })
      .where("id", "=", unreadable)
      .execute();
    await k
      .updateTable("provider_keys")
      .set({ secret_fingerprint: null })
      .where("team_id", "=", TEAM)
      .execute();

    expect(await create("Sim from before", SECRET)).toEqual(duplicateOf("Sim"));
    const rows = await k
      .selectFrom("provider_keys")
      .select(["id", "secret_fingerprint"])
      .where("team_id", "=", TEAM)
      .where("deleted_at", "is", null)
      .execute();
    for (const row of rows) {
      if (row.id === unreadable) expect(row.secret_fingerprint).toBeNull();
      else expect(row.secret_fingerprint).not.toBeNull();
    }
    // Rotate, the fix for an unreadable key, checks and stores its fingerprint too.
    expect(await h.mod.keyService.rotateKey(TEAM, ACTOR, unreadable, SECRET)).toEqual(
      duplicateOf("Sim"),
    );
    expect(
      await h.mod.keyService.rotateKey(TEAM, ACTOR, unreadable, "fingerprint-unreadable-0007"),
    ).toMatchObject({ ok: true });
    expect(await create("Unreadable twice", "fingerprint-unreadable-0007")).toEqual(
      duplicateOf("Unreadable"),
    );
  });
});
