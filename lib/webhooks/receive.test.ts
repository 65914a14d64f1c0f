import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR, type Harness, startHarness, TEAM } from "@/lib/testing/app-harness";
import { changeNoticesDuring } from "@/lib/testing/change-notices";

// The webhook route end to end on a real database: the right token records the code once (a
// repeat of the same push changes nothing), refusals write nothing, the allow-list and Rotate
// hold, and an accepted push sends the change notice open tables refetch on.

const KEY = "webhook-receive-key-01";
const OTHER_KEY = "webhook-receive-key-02";
let h: Harness;
let settings: typeof import("./settings");
let route: typeof import("@/app/api/webhooks/[token]/route");

// What scripts/server.mjs does for every request: its own secret mark, and X-Forwarded-For
// overwritten with the address it resolved (the tests pass that address).
const DIRECT_MARK = "receive-test-direct-mark-0123456789";
const RESOLVED = { "x-sms-desk-direct": DIRECT_MARK };
const markBefore = process.env.SMS_DESK_DIRECT_MARK;

beforeAll(async () => {
  process.env.SMS_DESK_DIRECT_MARK = DIRECT_MARK;
  h = await startHarness(KEY);
  settings = await import("./settings");
  route = await import("@/app/api/webhooks/[token]/route");
});
afterAll(async () => {
  await h.close();
  if (markBefore === undefined) delete process.env.SMS_DESK_DIRECT_MARK;
  else process.env.SMS_DESK_DIRECT_MARK = markBefore;
});

async function tokenOf(keyId: string): Promise<string> {
  const hook = (await settings.listTeamWebhooks(TEAM)).find((w) => w.keyId === keyId);
  if (!hook?.url) throw new Error("no webhook URL");
  return hook.url.split("/").at(-1) as string;
}

function post(token: string, body: string, headers: Record<string, string> = {}) {
  const request = new Request(`http://127.0.0.1/api/webhooks/${token}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "127.0.0.1", ...headers },
    body,
  });
  return route.POST(request, { params: Promise.resolve({ token }) });
}

const payload = (id: string, code: string, receivedAt: string | null = "2026-01-15 12:00:05") =>
  JSON.stringify({ activationId: Number(id), service: "tg", text: `Your code: ${code}`, code, country: 73, receivedAt });

/** Everything a push may write: the row, its deliveries, the audit log. */
async function snapshot(id: string) {
  const db = await h.mod.db.getDb();
  const row = await db.selectFrom("activations").select(["codes", "state", "updated_at"]).where("id", "=", id).executeTakeFirst();
  const deliveries = await db.selectFrom("webhook_deliveries").selectAll().where("activation_id", "=", id).execute();
  const audit = await db.selectFrom("audit_log").select(["actor", "action", "result"]).where("activation_id", "=", id).where("actor", "=", "webhook").execute();
  return { row, deliveries: deliveries.length, audit };
}

describe("a pushed code", () => {
  it("is recorded once, audited as the webhook, and announced to open tables", async () => {
    const id = await h.synced();
    const token = await tokenOf(h.keyId);
    let response = new Response();
    const notices = await changeNoticesDuring(h.keyId, async () => {
      response = await post(token, payload(id, "55501"));
    });
    expect(response.status).toBe(200);
    const after = await snapshot(id);
    expect(after.row?.state).toBe("code_received");
    expect(JSON.parse(after.row?.codes ?? "[]")).toMatchObject([{ code: "55501", text: "Your code: 55501" }]);
    expect(after.audit).toEqual([{ actor: "webhook", action: "webhook.code", result: "CODE_RECEIVED" }]);
    expect(notices).toBeGreaterThan(0);

    // The provider's retry of the same push (same activation and time): 200, nothing written.
    const again = await post(token, payload(id, "55501"));
    expect(again.status).toBe(200);
    expect(await again.text()).toBe("duplicate");
    expect(await snapshot(id)).toEqual(after);
  });

  it("that sync already had is acknowledged without a second code", async () => {
    const id = await h.synced("66602");
    // As a form (some panels), without receivedAt: the code then identifies the push.
    const form = new URLSearchParams({ activationId: id, code: "66602", text: "Your code: 66602" }).toString();
    const response = await post(await tokenOf(h.keyId), form, { "content-type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(200);
    const after = await snapshot(id);
    expect(JSON.parse(after.row?.codes ?? "[]")).toHaveLength(1);
    expect(after.audit).toEqual([{ actor: "webhook", action: "webhook.code", result: "CODE_KNOWN" }]);
  });
});

describe("a push meeting a click", () => {
  it("adds the code and leaves the click's pending mark for its own answer", async () => {
    const id = await h.synced();
    const db = await h.mod.db.getDb();
    const claim = { keyId: h.keyId, id, action: "cancel" as const, since: Date.now(), instance: "other-instance", by: ACTOR.label };
    expect(await db.transaction().execute((trx) => h.mod.repo.claimPending(trx, claim))).toBe(true);
    expect((await post(await tokenOf(h.keyId), payload(id, "90901"))).status).toBe(200);
    const row = await db.selectFrom("activations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.pending_action).toBe("cancel");
    expect(row.state).toBe("code_received");
    expect(JSON.parse(row.codes)).toMatchObject([{ code: "90901" }]);
  });
});

describe("refused pushes write nothing", () => {
  it.each([
    ["a wrong token", (token: string) => `${token.slice(0, -2)}xx`, 404],
    ["a token that is not one", () => "..%2F..%2Fetc", 404],
  ])("%s", async (_name, mangle, status) => {
    const id = await h.synced();
    const before = await snapshot(id);
    const response = await post(mangle(await tokenOf(h.keyId)), payload(id, "1"));
    expect(response.status).toBe(status);
    expect(await snapshot(id)).toEqual(before);
  });

  it("an unknown activation, and another key's", async () => {
    h.sim.engine.setAccount(OTHER_KEY, 5);
    const other = await h.mod.keyService.createKey(TEAM, ACTOR, { name: "Other", provider: "simulator", secret: OTHER_KEY });
    if (!other.ok) throw new Error("second key not created");
    const bought = h.sim.engine.createActivation({ key: OTHER_KEY, service: "tg", country: "73", autoSms: false });
    if (!bought.ok) throw new Error("purchase failed");
    const otherId = bought.activation.id;
    await h.mod.sync.syncKeyOnce((await h.mod.keys.getTeamKey(TEAM, other.value.id)) ?? (await h.key()));
    expect(await h.imported(otherId, other.value.id)).toBe(true);
    const before = await snapshot(otherId);
    const token = await tokenOf(h.keyId);
    for (const id of ["9999999999", otherId]) {
      const response = await post(token, payload(id, "1"));
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("unknown activation");
    }
    expect(await snapshot(otherId)).toEqual(before);
  });

  it("malformed and huge bodies", async () => {
    const id = await h.synced();
    const before = await snapshot(id);
    const token = await tokenOf(h.keyId);
    expect((await post(token, "{\"activationId\":")).status).toBe(400);
    expect((await post(token, JSON.stringify({ activationId: id }))).status).toBe(400);
    expect((await post(token, "x".repeat(64 * 1024))).status).toBe(413);
    expect(await snapshot(id)).toEqual(before);
  });
});

describe("the key's webhook settings", () => {
  it("Rotate refuses the old URL at once and is audited", async () => {
    const id = await h.synced();
    const old = await tokenOf(h.keyId);
    expect(await settings.rotateWebhookToken(TEAM, ACTOR, h.keyId)).toMatchObject({ ok: true });
    const fresh = await tokenOf(h.keyId);
    expect(fresh).not.toBe(old);
    expect((await post(old, payload(id, "70001"))).status).toBe(404);
    expect((await post(fresh, payload(id, "70001"))).status).toBe(200);
    const db = await h.mod.db.getDb();
    const audit = await db.selectFrom("audit_log").select("actor").where("action", "=", "key.webhook_rotate").execute();
    expect(audit).toEqual([{ actor: ACTOR.label }]);
    // Another team's admin cannot rotate it.
    expect(await settings.rotateWebhookToken("team-b", ACTOR, h.keyId)).toMatchObject({ ok: false, failure: { code: "KEY_NOT_FOUND" } });
  });

  it("the allow-list refuses other sources with no change, and admits listed ones", async () => {
    const id = await h.synced();
    const token = await tokenOf(h.keyId);
    expect(await settings.setWebhookSources(TEAM, ACTOR, h.keyId, "bogus")).toMatchObject({ ok: false, failure: { code: "WEBHOOK_SOURCE_INVALID" } });
    expect(await settings.setWebhookSources(TEAM, ACTOR, h.keyId, "198.51.100.0/24")).toMatchObject({ ok: true });
    const before = await snapshot(id);
    expect((await post(token, payload(id, "80001"), RESOLVED)).status).toBe(403);
    expect((await post(token, payload(id, "80001"), { ...RESOLVED, "x-forwarded-for": "" })).status).toBe(403);
    expect(await snapshot(id)).toEqual(before);
    expect((await post(token, payload(id, "80001"), { ...RESOLVED, "x-forwarded-for": "198.51.100.9" })).status).toBe(200);
    await settings.setWebhookSources(TEAM, ACTOR, h.keyId, "");
    expect((await settings.listTeamWebhooks(TEAM)).find((w) => w.keyId === h.keyId)?.allowedSources).toBe("");
  });

  it("never believes a client-sent X-Forwarded-For: only the address scripts/server.mjs resolved passes", async () => {
    const id = await h.synced();
    const token = await tokenOf(h.keyId);
    expect(await settings.setWebhookSources(TEAM, ACTOR, h.keyId, "198.51.100.0/24")).toMatchObject({ ok: true });
    const before = await snapshot(id);
    const forged = { "x-forwarded-for": "198.51.100.9" };
    // `next dev` / `next start`: the header is the client's own; so is one with a guessed mark.
    expect((await post(token, payload(id, "80002"), forged)).status).toBe(403);
    expect((await post(token, payload(id, "80002"), { ...forged, "x-sms-desk-direct": "guess" })).status).toBe(403);
    // Our server with a peer it does not trust that forwarded the request: no mark, refused.
    expect((await post(token, payload(id, "80002"), { ...forged, "x-sms-desk-direct": "" })).status).toBe(403);
    expect(await snapshot(id)).toEqual(before);
    // Without an allow-list the address does not matter: the token alone opens the door.
    await settings.setWebhookSources(TEAM, ACTOR, h.keyId, "");
    expect((await post(token, payload(id, "80002"), forged)).status).toBe(200);
  });
});
