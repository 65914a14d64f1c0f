import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, type Page, request as playwrightRequest } from "@playwright/test";
import { type CapturedAction, captureAction } from "./actions-replay";
import { queryDb } from "./db";
import { expect, test } from "./fixtures";
import { ActivationsPage } from "./pages/activations-page";
import { NO_COOKIES, storageStateFor } from "./roles";

// Every server action and route handler is a public endpoint: whatever body or query string
// arrives, the answer is a clear refusal (the envelope's INVALID_INPUT, another translated
// refusal, or an HTTP error), never a 200 with data, and nothing reaches the provider. Real
// requests are captured from the UI (aborted, so they have no effect, except the key's creation
// and disabling, which set the test up), then replayed with malformed bodies.

type Who = "operator" | "admin" | "anonymous";
const ROLE_OF = {
  setStatus: "operator",
  bulkSetStatus: "operator",
  order: "operator",
  switchTeam: "operator",
  setLocale: "operator",
  createKey: "admin",
  testKey: "admin",
  rotateKey: "admin",
  setKeyEnabled: "admin",
  deleteKey: "admin",
  changeRole: "admin",
  addMember: "admin",
  removeMember: "admin",
  createTeam: "admin",
  revokeInvitation: "admin",
  reissuePassword: "admin",
  acceptInvitation: "operator",
  declineInvitation: "operator",
  saveTeamRules: "admin",
  setKeyLimits: "admin",
  setMemberLimit: "admin",
  startSmartBuy: "operator",
  stopSmartBuy: "operator",
  saveQuickBuy: "operator",
  deleteQuickBuy: "operator",
  runQuickBuy: "operator",
  setup: "anonymous",
} as const satisfies Record<string, Who>;
type ActionName = keyof typeof ROLE_OF;
type RouteName = "/api/activations" | "/api/account" | "/api/audit/export" | "/api/history/export" | "/api/reports/export" | "/api/prices" | "/api/operators" | "/api/smart-buys";

type Expect =
  | "invalid" // the envelope's INVALID_INPUT: "That request is not valid: …"
  | "httpError" // any HTTP status from 400 up
  | { refused: string } // another translated refusal in the envelope
  | { status: number }; // exactly this HTTP status

type Row = {
  name: string;
  action: ActionName | RouteName;
  /** An action's one argument (sent as the browser encodes it, `[body]`), or a Raw body. */
  body?: unknown;
  query?: string;
  as?: Who;
  contentType?: string;
  actionId?: string;
  expect: Expect;
};

/** Sent exactly as written, instead of as the browser encodes one argument. */
class Raw {
  constructor(readonly text: string) {}
}
const raw = (text: string) => new Raw(text);

/** Row makers, one per action or route, so that the table below stays a table. */
const on =
  (action: ActionName) =>
  (name: string, body: unknown, expect: Expect = "invalid", extra: Partial<Row> = {}): Row => ({
    name: `${action}: ${name}`,
    action,
    body,
    expect,
    ...extra,
  });
const get = (route: RouteName, name: string, query: string, expect: Expect, as?: Who): Row => ({
  name: `GET ${route}: ${name}`,
  action: route,
  query,
  expect,
  as,
});

const MB = "9".repeat(1_000_000);
const NO_KEY = "00000000-0000-4000-8000-000000000000";
const SECRET = "NEWSECRET1234";
const FORGED = { teamId: "another-team" };

type Ids = {
  activation: string;
  /** The key holding the activation (the Finish button sends it). */
  activationKey: string;
  key: string;
  demoKey: string;
  member: string;
  orderId: string;
};

function rows({ activation, activationKey, key, demoKey, member, orderId }: Ids): Row[] {
  const setStatus = on("setStatus");
  const bulk = on("bulkSetStatus");
  const order = on("order");
  const testKey = on("testKey");
  const rotateKey = on("rotateKey");
  const createKey = on("createKey");
  const changeRole = on("changeRole");
  const addMember = on("addMember");
  const setup = on("setup");
  // The activation is named by its key and its id (ids are unique per key only).
  const finish = { keyId: activationKey, id: activation, status: 6 };
  const one = { keyId: activationKey, id: activation };
  const bulkFinish = (rows: unknown) => ({ action: "finish", rows });
  const manyRows = Array.from({ length: 101 }, (_, i) => ({ ...one, id: String(i + 1) }));
  const buy = { keyId: demoKey, service: "tg", country: "73", orderId };
  const newKey = { name: "x", provider: "simulator", secret: SECRET };
  const custom = (baseUrl: string) => ({ ...newKey, provider: "custom", baseUrl });
  const person = { email: "x@demo.local", name: "x", role: "operator" };
  const firstRun = { teamName: "t", name: "n", email: "n@demo.local", password: "0123456789" };
  const notYours = { refused: "does not exist or is not yours" };
  const noKey = { refused: "does not exist in your team" };
  const noInvitation = { refused: "does not exist, was revoked or answered already" };
  const field0 = `[{"keyId":"${activationKey}","id":"${activation}","status":"6"}]`;
  const multipartStatus6 = `--B\r\nContent-Disposition: form-data; name="0"\r\n\r\n${field0}\r\n--B--\r\n`;
  const export400 = (name: string, query: string) =>
    get("/api/audit/export", name, query, { status: 400 });

  return [
    // setActivationStatus: the id must be the activation's ASCII digits, the status 3, 6 or 8.
    setStatus("non-numeric id", { ...finish, id: "abc" }),
    setStatus("negative id", { ...finish, id: `-${activation}` }),
    setStatus("id 0 (digits, but no activation)", { ...finish, id: "0" }, notYours),
    setStatus("30-digit id", { ...finish, id: "1".repeat(30) }),
    setStatus("float id", { ...finish, id: `${activation}.5` }),
    setStatus("id as a number", { ...finish, id: Number(activation) }),
    setStatus("id as an array", { ...finish, id: [activation] }),
    setStatus("id as an object", { ...finish, id: { id: activation } }),
    setStatus("Arabic-Indic digits", { ...finish, id: "٣٤٥" }),
    setStatus("empty id", { ...finish, id: "" }),
    setStatus("id with a trailing newline", { ...finish, id: `${activation}\n` }),
    setStatus("id as a React BigInt ($n)", { ...finish, id: `$n${activation}` }),
    setStatus("1 MB id", { ...finish, id: MB }),
    setStatus("2 MB id (over the body limit)", { ...finish, id: MB + MB }, "httpError"),
    setStatus("status 0", { ...finish, status: 0 }),
    setStatus("status 1", { ...finish, status: 1 }),
    setStatus("status 2", { ...finish, status: 2 }),
    setStatus("status 99", { ...finish, status: 99 }),
    setStatus("status 6.5", { ...finish, status: 6.5 }),
    setStatus('status "6 "', { ...finish, status: "6 " }),
    setStatus('status "6"', { ...finish, status: "6" }),
    setStatus('status "6.0"', { ...finish, status: "6.0" }),
    setStatus("status null", { ...finish, status: null }),
    setStatus("status missing", { keyId: activationKey, id: activation }),
    setStatus("id missing", { keyId: activationKey, status: 6 }),
    setStatus("keyId missing (the id alone)", { id: activation, status: 6 }),
    setStatus("keyId not a uuid", { ...finish, keyId: "1" }),
    setStatus("keyId as a path", { ...finish, keyId: "../keys" }),
    setStatus("keyId as an array", { ...finish, keyId: [activationKey] }),
    setStatus("keyId of no key", { ...finish, keyId: NO_KEY }, notYours),
    // A key of this team that does not hold this activation: not found, never "the team's row".
    setStatus("keyId of another key of the team", { ...finish, keyId: key }, notYours),
    setStatus("no argument at all", raw("[]")),
    setStatus("forged teamId", { ...finish, ...FORGED }),
    setStatus("forged role", { ...finish, role: "admin" }),
    setStatus("constructor key", { ...finish, constructor: { name: "x" } }),
    // React's reply decoder drops `__proto__` keys before the schema runs: a status found only
    // on the prototype must count as missing, never as 6.
    setStatus(
      "status only under __proto__",
      raw(`[{"keyId":"${activationKey}","id":"${activation}","__proto__":{"status":6}}]`),
    ),
    setStatus("input is an array", [activationKey, activation, 6]),
    setStatus("input is a string", `${activation}:6`),

    // bulkSetStatus: "finish" or "cancel" and 1..100 distinct rows, each a key and digits. The
    // activation has a code, so a row that slipped through would reach the provider.
    bulk("no rows", bulkFinish([])),
    bulk("101 rows", bulkFinish(manyRows)),
    bulk("a row named twice", bulkFinish([one, one])),
    bulk("action retry (not a bulk action)", { action: "retry", rows: [one] }),
    bulk("action as a status code", { action: 6, rows: [one] }),
    bulk("action missing", { rows: [one] }),
    bulk("non-numeric id in a row", bulkFinish([{ ...one, id: "abc" }])),
    bulk("1 MB id in a row", bulkFinish([{ ...one, id: MB }])),
    bulk("keyId not a uuid in a row", bulkFinish([{ ...one, keyId: "1" }])),
    bulk("a row with a status", bulkFinish([{ ...one, status: 6 }])),
    bulk("a row as a string", bulkFinish([`${activationKey}:${activation}`])),
    bulk("rows as an object", bulkFinish({ 0: one })),
    bulk("forged teamId", { ...bulkFinish([one]), ...FORGED }),
    bulk("input is an array", [one]),
    bulk("signed out", bulkFinish([one]), { status: 307 }, { as: "anonymous" }),

    // The transport: other encodings, no JSON, an action id that does not exist, no session.
    // Next.js decodes the body before any of our code runs and answers an undecodable one with a
    // bare 500 (a digest, no data), an unknown action with 409, a form POST with the 404 page.
    setStatus("not JSON", raw("{not json"), "httpError"),
    setStatus("empty body", raw(""), "httpError"),
    setStatus("as application/json", { ...finish, status: 99 }, "invalid", {
      contentType: "application/json",
    }),
    setStatus("as x-www-form-urlencoded", raw(`keyId=${activationKey}&id=${activation}&status=6`), "httpError", {
      contentType: "application/x-www-form-urlencoded",
    }),
    setStatus("as multipart", raw(multipartStatus6), "invalid", {
      contentType: "multipart/form-data; boundary=B",
    }),
    setStatus("unknown action id", finish, "httpError", { actionId: `7f${"0".repeat(40)}` }),
    setStatus("signed out", finish, { status: 307 }, { as: "anonymous" }),

    // orderNumberAction: a key of the team, a service code, a country number, a positive price.
    order("bad service", { ...buy, service: "tg; rm -rf /" }),
    order("empty service", { ...buy, service: "" }),
    order("1 MB service", { ...buy, service: MB }),
    order("country with letters", { ...buy, country: "73a" }),
    order("country as a number", { ...buy, country: 73 }),
    order("Arabic-Indic country", { ...buy, country: "٧٣" }),
    order("negative maxPrice", { ...buy, maxPrice: -1 }),
    order("zero maxPrice", { ...buy, maxPrice: 0 }),
    order('maxPrice "NaN"', { ...buy, maxPrice: "NaN" }),
    order("maxPrice React NaN ($NaN)", { ...buy, maxPrice: "$NaN" }),
    order("maxPrice 1e309", raw(`[${JSON.stringify(buy).slice(0, -1)},"maxPrice":1e309}]`)),
    order("maxPrice as a string", { ...buy, maxPrice: "1.5" }),
    order("maxPrice over 10000", { ...buy, maxPrice: 10_000.01 }),
    // The optional operator: a short code (letters, digits, "_", "-") or absent.
    order("operator with a space", { ...buy, operator: "mts beeline" }),
    order("SQL-ish operator", { ...buy, operator: "mts' OR 1=1 --" }),
    order("operator with a query string", { ...buy, operator: "mts&api_key=x" }),
    order("empty operator", { ...buy, operator: "" }),
    order("33-character operator", { ...buy, operator: "a".repeat(33) }),
    order("1 MB operator", { ...buy, operator: MB }),
    order("operator as a number", { ...buy, operator: 7 }),
    order("operator as a list", { ...buy, operator: ["mts"] }),
    order("Cyrillic operator", { ...buy, operator: "мтс" }),
    order("orderId not a uuid", { ...buy, orderId: "order-1" }),
    order("keyId not a uuid", { ...buy, keyId: "1" }),
    order("keyId of no key", { ...buy, keyId: NO_KEY }, { refused: "disabled or deleted" }),
    // This row found a bug (orders went through with a disabled key); fixed with enabledOnly.
    order("disabled key", { ...buy, keyId: key }, { refused: "disabled or deleted" }),
    order("forged teamId", { ...buy, ...FORGED }),

    // Key actions (admin): uuids of the team's keys, printable secrets without spaces.
    testKey("non-uuid keyId", { keyId: "1" }),
    testKey("keyId of no key", { keyId: NO_KEY }, noKey),
    testKey("keyId as an array", { keyId: [key] }),
    testKey("forged teamId", { keyId: key, ...FORGED }),
    rotateKey("secret with spaces", { keyId: key, secret: "new secret value" }),
    rotateKey("secret with a newline", { keyId: key, secret: "newsecret\nvalue" }),
    rotateKey("1 MB secret", { keyId: key, secret: MB }),
    rotateKey("non-uuid keyId", { keyId: "../keys", secret: SECRET }),
    rotateKey("keyId of no key", { keyId: NO_KEY, secret: SECRET }, noKey),
    createKey("unknown provider", { ...newKey, provider: "evil" }),
    createKey("javascript: base URL", custom("javascript:alert(1)")),
    createKey("file: base URL", custom("file:///etc/passwd")),
    // Unsafe custom base URLs (SSRF): refused before any request, whatever the form.
    createKey("plain http base URL", custom("http://provider.example"), {
      refused: "must start with https://",
    }),
    createKey("link-local metadata address", custom("https://169.254.169.254/latest"), {
      refused: "a private, local or reserved address",
    }),
    createKey("loopback in hex", custom("https://0x7f000001/"), {
      refused: "a private, local or reserved address",
    }),
    createKey("user-info in the URL", custom("https://user:pass@provider.example/"), {
      refused: "without a user name",
    }),
    createKey("blank name", { ...newKey, name: " " }),
    createKey("forged teamId", { ...newKey, ...FORGED }),
    on("setKeyEnabled")('enabled "true"', { keyId: key, enabled: "true" }),
    on("deleteKey")('confirmed "yes"', { keyId: key, confirmed: "yes" }),

    // Team actions (admin): an email, a known role, a member id of a sane length.
    changeRole("role owner", { memberId: member, role: "owner" }),
    changeRole("role superadmin", { memberId: member, role: "superadmin" }),
    changeRole("empty memberId", { memberId: "", role: "operator" }),
    changeRole("1 MB memberId", { memberId: MB, role: "operator" }),
    changeRole(
      "memberId of no member",
      { memberId: "no-such-member", role: "operator" },
      {
        refused: "does not exist or is not in your team",
      },
    ),
    changeRole("forged teamId", { memberId: member, role: "operator", ...FORGED }),
    addMember("bad email", { ...person, email: "not-an-email" }),
    addMember("email with a header injection", { ...person, email: "a@demo.local\nBcc: b@x.y" }),
    addMember("role owner", { ...person, role: "owner" }),
    addMember("1 MB name", { ...person, name: MB }),
    addMember("forged teamId", { ...person, ...FORGED }),
    on("removeMember")("memberId as an object", { memberId: { $ne: "" } }),
    on("createTeam")("1 MB name", { name: MB }),
    on("switchTeam")("teamId as an array", { teamId: ["a", "b"] }),
    on("switchTeam")(
      "a team of someone else",
      { teamId: "no-such-team" },
      {
        refused: "does not exist or you are not a member",
      },
    ),
    // Invitations and one-time passwords: ids of a sane length, nothing of another team or user.
    on("revokeInvitation")("empty invitationId", { invitationId: "" }),
    on("revokeInvitation")("1 MB invitationId", { invitationId: MB }),
    on("revokeInvitation")("invitationId as an object", { invitationId: { $ne: "" } }),
    on("revokeInvitation")("forged teamId", { invitationId: "x", ...FORGED }),
    on("revokeInvitation")("an invitation of no one", { invitationId: "no-such-invitation" }, noInvitation),
    on("reissuePassword")("empty memberId", { memberId: "" }),
    on("reissuePassword")("memberId as an array", { memberId: [member] }),
    on("reissuePassword")("memberId of no member", { memberId: "no-such-member" }, {
      refused: "does not exist or is not in your team",
    }),
    on("reissuePassword")("a member who chose their own password", { memberId: member }, {
      refused: "has chosen their own password",
    }),
    on("acceptInvitation")("empty invitationId", { invitationId: "" }),
    on("acceptInvitation")("1 MB invitationId", { invitationId: MB }),
    on("acceptInvitation")("an invitation of no one", { invitationId: "no-such-invitation" }, noInvitation),
    on("acceptInvitation")("forged role", { invitationId: "x", role: "admin" }),
    on("declineInvitation")("invitationId as a number", { invitationId: 7 }),
    on("declineInvitation")("an invitation of no one", { invitationId: "no-such-invitation" }, noInvitation),
    // This row found a bug (setLocale answered zod's raw tree instead of INVALID_INPUT); fixed.
    on("setLocale")("unknown locale", { locale: "xx" }),

    // Team rules (admin): whole minutes or null, X within the team's keys' window and lifetime
    // (2..19 here), Y 1..60. Every row is refused, so no rule is ever switched on by a replay.
    ...(() => {
      const rules = on("saveTeamRules");
      const off = { cancelNoSmsMinutes: null, finishAfterCodeMinutes: null };
      const outOfRange = { refused: "must be between 2 and 19 minutes" };
      return [
        rules("X as a string", { ...off, cancelNoSmsMinutes: "3" }),
        rules("X 2.5", { ...off, cancelNoSmsMinutes: 2.5 }),
        rules("X 0", { ...off, cancelNoSmsMinutes: 0 }),
        rules("X negative", { ...off, cancelNoSmsMinutes: -5 }),
        rules("X React NaN ($NaN)", { ...off, cancelNoSmsMinutes: "$NaN" }),
        rules("X 1e309", raw('[{"cancelNoSmsMinutes":1e309,"finishAfterCodeMinutes":null}]')),
        rules("X a day and a minute", { ...off, cancelNoSmsMinutes: 24 * 60 + 1 }),
        rules("Y 61", { ...off, finishAfterCodeMinutes: 61 }),
        rules("Y as an array", { ...off, finishAfterCodeMinutes: [2] }),
        rules("Y 1 MB", { ...off, finishAfterCodeMinutes: MB }),
        rules("a field missing", { cancelNoSmsMinutes: 3 }),
        rules("forged teamId", { ...off, ...FORGED }),
        rules("X inside the early-cancel window", { ...off, cancelNoSmsMinutes: 1 }, outOfRange),
        rules("X past the lifetime minus the margin", { ...off, cancelNoSmsMinutes: 20 }, outOfRange),
        rules("as an operator", { ...off, cancelNoSmsMinutes: 3 }, { refused: "Only team admins" }, { as: "operator" }),
        rules("signed out", { ...off, cancelNoSmsMinutes: 3 }, { status: 307 }, { as: "anonymous" }),
      ];
    })(),

    // Spending limits (admin): amounts 0..1,000,000 or null, a key or member of the team. Every
    // row is refused, so no limit is ever set by a replay.
    ...(() => {
      const keyLimits = on("setKeyLimits");
      const memberLimit = on("setMemberLimit");
      const none = { keyId: key, dailyLimit: null, lowBalanceThreshold: null };
      const forMember = { memberId: member, dailyLimit: null };
      return [
        keyLimits("negative limit", { ...none, dailyLimit: -1 }),
        keyLimits("limit as a string", { ...none, dailyLimit: "10" }),
        keyLimits("limit over 1,000,000", { ...none, dailyLimit: 1_000_000.01 }),
        keyLimits("limit React NaN ($NaN)", { ...none, dailyLimit: "$NaN" }),
        keyLimits("limit 1e309", raw(`[{"keyId":"${key}","dailyLimit":1e309,"lowBalanceThreshold":null}]`)),
        keyLimits("threshold as an array", { ...none, lowBalanceThreshold: [5] }),
        keyLimits("threshold missing", { keyId: key, dailyLimit: 5 }),
        keyLimits("keyId not a uuid", { ...none, keyId: "../keys" }),
        keyLimits("keyId of no key", { ...none, keyId: NO_KEY }, noKey),
        keyLimits("forged teamId", { ...none, ...FORGED }),
        keyLimits("as an operator", none, { refused: "Only team admins" }, { as: "operator" }),
        keyLimits("signed out", none, { status: 307 }, { as: "anonymous" }),
        memberLimit("empty memberId", { ...forMember, memberId: "" }),
        memberLimit("1 MB memberId", { ...forMember, memberId: MB }),
        memberLimit("memberId as an object", { ...forMember, memberId: { $ne: "" } }),
        memberLimit("negative limit", { ...forMember, dailyLimit: -0.01 }),
        memberLimit("limit as a string", { ...forMember, dailyLimit: "5" }),
        memberLimit("limit missing", { memberId: member }),
        memberLimit("memberId of no member", { ...forMember, memberId: "no-such-member" }, {
          refused: "does not exist or is not in your team",
        }),
        memberLimit("forged role", { ...forMember, role: "admin" }),
        memberLimit("as an operator", forMember, { refused: "Only team admins" }, { as: "operator" }),
      ];
    })(),

    // Smart buy (any member): 1..10 distinct countries, 5..600 s, 1..50 rounds, a key of the team.
    // Every row is refused, so no smart buy ever starts (and so no getNumber) from a replay.
    ...(() => {
      const start = on("startSmartBuy");
      const stop = on("stopSmartBuy");
      const plan = { keyId: demoKey, service: "fb", countries: ["6", "73"], everySeconds: 30, maxRounds: 3 };
      const keyGone = { refused: "is disabled or deleted" };
      return [
        start("no country", { ...plan, countries: [] }),
        start("11 countries", { ...plan, countries: Array.from({ length: 11 }, (_, i) => String(i)) }),
        start("a country twice", { ...plan, countries: ["6", "6"] }),
        start("a country that is not a number", { ...plan, countries: ["../6"] }),
        start("countries as a string", { ...plan, countries: "6,73" }),
        start("every 4 s", { ...plan, everySeconds: 4 }),
        start("every 601 s", { ...plan, everySeconds: 601 }),
        start("every 2.5 s", { ...plan, everySeconds: 2.5 }),
        start("0 rounds", { ...plan, maxRounds: 0 }),
        start("51 rounds", { ...plan, maxRounds: 51 }),
        start("rounds React NaN ($NaN)", { ...plan, maxRounds: "$NaN" }),
        start("negative max price", { ...plan, maxPrice: -1 }),
        start("max price 1e309", raw(`[{"keyId":"${demoKey}","service":"fb","countries":["6"],"everySeconds":30,"maxRounds":3,"maxPrice":1e309}]`)),
        start("1 MB service", { ...plan, service: MB }),
        start("keyId not a uuid", { ...plan, keyId: "../keys" }),
        start("keyId of no key", { ...plan, keyId: NO_KEY }, keyGone),
        start("the team's disabled key", { ...plan, keyId: key }, keyGone),
        start("forged teamId", { ...plan, ...FORGED }),
        start("forged state", { ...plan, state: "bought" }),
        start("signed out", plan, { status: 307 }, { as: "anonymous" }),
        stop("id not a uuid", { id: "1; DROP TABLE smart_buys" }),
        stop("id missing", {}),
        stop("id as an object", { id: { $ne: "" } }),
        stop("id of no smart buy", { id: NO_KEY }, { refused: "is not running any more" }),
        stop("forged teamId", { id: NO_KEY, ...FORGED }),
        stop("signed out", { id: NO_KEY }, { status: 307 }, { as: "anonymous" }),
        get("/api/smart-buys", "a parameter", "team=another-team", { status: 400 }, "operator"),
        // Quick buys: a saved plan is a smart buy plan plus a name (1..40) and shared (a boolean).
        ...(() => {
          const save = on("saveQuickBuy");
          const preset = { ...plan, name: "x", shared: true };
          const noPreset = { refused: "does not exist, is not yours to change" };
          return [
            save("blank name", { ...preset, name: "   " }),
            save("41-character name", { ...preset, name: "x".repeat(41) }),
            save("shared as a string", { ...preset, shared: "yes" }),
            save("shared missing", { ...plan, name: "x" }),
            save("no country", { ...preset, countries: [] }),
            save("every 601 s", { ...preset, everySeconds: 601 }),
            save("keyId of no key", { ...preset, keyId: NO_KEY }, keyGone),
            save("forged owner", { ...preset, ownerId: "someone-else" }),
            save("signed out", preset, { status: 307 }, { as: "anonymous" }),
            on("runQuickBuy")("id not a uuid", { id: "../quick" }),
            on("runQuickBuy")("id of no quick buy", { id: NO_KEY }, noPreset),
            on("runQuickBuy")("forged plan", { id: NO_KEY, countries: ["0"] }),
            on("runQuickBuy")("signed out", { id: NO_KEY }, { status: 307 }, { as: "anonymous" }),
            on("deleteQuickBuy")("id as an array", { id: [NO_KEY] }),
            on("deleteQuickBuy")("id of no quick buy", { id: NO_KEY }, noPreset),
            on("deleteQuickBuy")("signed out", { id: NO_KEY }, { status: 307 }, { as: "anonymous" }),
          ];
        })(),
        get("/api/smart-buys", "signed out", "", { status: 401 }, "anonymous"),
      ];
    })(),

    // The one action anyone may call.
    setup("bad email", { ...firstRun, email: "no" }),
    setup("forged role", { ...firstRun, role: "admin" }),
    setup("valid, but setup is done", firstRun, { refused: "already set up" }),

    // Route handlers: strict filters (400 with the envelope's error), a session for everything.
    export400("impossible date", "from=2025-02-30"),
    export400("date with a time", "from=2025-01-01T00:00:00Z"),
    export400("from after to", "from=2025-03-02&to=2025-03-01"),
    export400("30-digit activation", `activation=${"1".repeat(30)}`),
    export400("SQL-ish action", `action=${encodeURIComponent("x' OR 1=1 --")}`),
    export400("SQL-ish user", `user=${encodeURIComponent('"; DROP TABLE audit_log;')}`),
    get("/api/audit/export", "as an operator", "", { status: 403 }, "operator"),
    get("/api/audit/export", "signed out", "", { status: 401 }, "anonymous"),
    // The history's CSV: the same strict filters for every member (operators too), 400 before any read.
    ...[
      ["unknown status", "status=open"],
      ["active status", "status=waiting"],
      ["search with a control character", `q=${encodeURIComponent("ab\u0000cd")}`],
      ["101-character search", `q=${"x".repeat(101)}`],
      ["SQL-ish key", `key=${encodeURIComponent("' OR 1=1 --")}`],
      ["LIKE wildcard as a service", "service=tg%25"],
      ["mine=yes", "mine=yes"],
      ["malformed cursor", "after=abc"],
      ["two positions", "after=1.k.1&before=1.k.1"],
    ].map(([name = "", query = ""]) =>
      get("/api/history/export", name, query, { status: 400 }, "operator"),
    ),
    get("/api/history/export", "signed out", "", { status: 401 }, "anonymous"),
    // The report's CSV (admins only): strict range, grouping and key, 400 before any read.
    ...[
      ["impossible date", "from=2025-02-30"],
      ["date with a time", "to=2025-01-01T00:00:00Z"],
      ["from after to", "from=2025-03-02&to=2025-03-01"],
      ["range over 367 days", "from=2024-01-01&to=2025-01-02"],
      ["unknown dimension", "by=phone"],
      ["dimension twice", "by=key,key"],
      ["SQL-ish dimension", `by=${encodeURIComponent("service; DROP TABLE activations")}`],
      ["SQL-ish key", `key=${encodeURIComponent("' OR 1=1 --")}`],
      ["1 MB key", `key=${MB}`],
    ].map(([name = "", query = ""]) => get("/api/reports/export", name, query, name === "1 MB key" ? "httpError" : { status: 400 })),
    get("/api/reports/export", "as an operator", "", { status: 403 }, "operator"),
    get("/api/reports/export", "signed out", "", { status: 401 }, "anonymous"),
    get("/api/activations", "signed out", "", { status: 401 }, "anonymous"),
    // The order dialog's prices: a key of the team (enabled) and a service code, nothing else;
    // refused before any read, so before any getPrices.
    ...[
      ["no query", ""],
      ["keyId not a uuid", "keyId=1&service=tg"],
      ["keyId missing", "service=tg"],
      ["service with a quote", `keyId=${demoKey}&service=${encodeURIComponent("tg'--")}`],
      ["17-character service", `keyId=${demoKey}&service=${"a".repeat(17)}`],
      ["service twice", `keyId=${demoKey}&service=tg&service=wa`],
      ["an extra parameter", `keyId=${demoKey}&service=tg&api_key=x`],
    ].map(([name = "", query = ""]) => get("/api/prices", name, query, "invalid", "operator")),
    get("/api/prices", "100 KB service", `keyId=${demoKey}&service=${"a".repeat(100_000)}`, "httpError", "operator"),
    get("/api/prices", "keyId of no key", `keyId=${NO_KEY}&service=tg`, { status: 404 }, "operator"),
    get("/api/prices", "the team's disabled key", `keyId=${key}&service=tg`, { status: 404 }, "operator"),
    get("/api/prices", "signed out", `keyId=${demoKey}&service=tg`, { status: 401 }, "anonymous"),
    // The order dialog's operators: a key of the team (enabled) and a country number, nothing
    // else; refused before any read, so before any getOperators.
    ...[
      ["no query", ""],
      ["keyId not a uuid", "keyId=1&country=0"],
      ["country missing", `keyId=${demoKey}`],
      ["country with letters", `keyId=${demoKey}&country=0a`],
      ["5-digit country", `keyId=${demoKey}&country=12345`],
      ["Arabic-Indic country", `keyId=${demoKey}&country=${encodeURIComponent("٧٣")}`],
      ["country twice", `keyId=${demoKey}&country=0&country=6`],
      ["an extra parameter", `keyId=${demoKey}&country=0&action=getBalance`],
    ].map(([name = "", query = ""]) => get("/api/operators", name, query, "invalid", "operator")),
    get("/api/operators", "100 KB country", `keyId=${demoKey}&country=${"9".repeat(100_000)}`, "httpError", "operator"),
    get("/api/operators", "keyId of no key", `keyId=${NO_KEY}&country=0`, { status: 404 }, "operator"),
    get("/api/operators", "the team's disabled key", `keyId=${key}&country=0`, { status: 404 }, "operator"),
    get("/api/operators", "signed out", `keyId=${demoKey}&country=0`, { status: 401 }, "anonymous"),
    get("/api/account", "signed out", "", { status: 401 }, "anonymous"),
  ];
}

/**
 * Captures an action's request as the UI makes it, and aborts it so it has no effect. The page
 * is reloaded afterwards: the client would otherwise keep waiting on the aborted action.
 */
async function captureUnsent(page: Page, trigger: () => Promise<unknown>): Promise<CapturedAction> {
  // Unrouting as soon as the request is seen let it through now and then: the "request" event
  // comes before the route handler runs, and a request whose handler has not run yet when the
  // routes go is sent as is (once, the operator became an admin). So wait for the abort itself.
  let aborted: () => void = () => {};
  const abortedOnce = new Promise<void>((resolve) => {
    aborted = resolve;
  });
  await page.route("**/*", async (route) => {
    if (!("next-action" in route.request().headers())) return route.fallback();
    await route.abort();
    aborted();
  });
  try {
    const captured = await captureAction(page, trigger);
    await abortedOnce;
    return captured;
  } finally {
    await page.unrouteAll({ behavior: "ignoreErrors" });
    await page.reload();
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  }
}

/** An action the UI cannot trigger here (setup is done; there is one team): its id from the build. */
function fromBuild(like: CapturedAction, exportedName: string, url: string): CapturedAction {
  const file = path.resolve(".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as {
    node: Record<string, { exportedName: string }>;
  };
  const id = Object.entries(manifest.node).find(([, e]) => e.exportedName === exportedName)?.[0];
  expect(id, `${exportedName} in the build`).toBeTruthy();
  return {
    url: new URL(url, like.url).href,
    headers: { ...like.headers, "next-action": id ?? "" },
    body: "",
  };
}

const firstArg = (captured: CapturedAction) =>
  (JSON.parse(captured.body) as Record<string, string>[])[0] ?? {};

test("malformed inputs to every action and route are refused, and none reaches the provider", async ({
  browser,
  sim,
  baseURL,
}) => {
  // Two pages of clicks, then some sixty requests one after another: ~45 s on a quiet machine,
  // more on a loaded CI runner. Not a timed test, so it gets room instead of the default 60 s.
  test.setTimeout(150_000);
  const captured = {} as Record<ActionName, CapturedAction>;

  // Admin: a key of its own, disabled, so any getBalance with its suffix would come from a replay.
  const secret = `BAD-INPUT-KEY-${Date.now()}-bdin`;
  await sim.addKey(secret, 4);
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const adminPage = await admin.newPage();
  await adminPage.goto("/keys");
  await adminPage.getByRole("button", { name: "Add key" }).click();
  const dialog = adminPage.getByRole("dialog");
  await dialog.getByLabel("Key name").fill("Bad input target");
  await dialog.getByLabel("Provider").selectOption("simulator");
  await dialog.getByLabel("API key").fill(secret);
  const save = dialog.getByRole("button", { name: "Save key" });
  captured.createKey = await captureAction(adminPage, () => save.click());
  const row = adminPage.getByTestId("key-Bad input target");
  await expect(row).toBeVisible();
  const disable = row.getByRole("button", { name: "Disable" });
  captured.setKeyEnabled = await captureAction(adminPage, () => disable.click());
  await expect(row).toContainText("Disabled");
  captured.testKey = await captureUnsent(adminPage, () =>
    row.getByRole("button", { name: "Test" }).click(),
  );
  await row.getByRole("button", { name: "Rotate" }).click();
  await adminPage.getByRole("dialog").getByLabel("New API key").fill(`${secret}-rotated`);
  const rotate = adminPage.getByRole("dialog").getByRole("button", { name: "Rotate" });
  captured.rotateKey = await captureUnsent(adminPage, () => rotate.click());
  const remove = row.getByRole("button", { name: "Delete" });
  captured.deleteKey = await captureUnsent(adminPage, () => remove.click());

  await adminPage.goto("/team");
  await expect(adminPage.locator("html[data-hydrated]")).toHaveCount(1);
  const roleSelect = adminPage.getByLabel("Access level of operator@demo.local");
  captured.changeRole = await captureUnsent(adminPage, () => roleSelect.selectOption("admin"));
  await adminPage.getByLabel("Email", { exact: true }).fill("never-added@demo.local");
  await adminPage.getByLabel("Name", { exact: true }).fill("Never added");
  const add = adminPage.getByRole("button", { name: "Add member" });
  captured.addMember = await captureUnsent(adminPage, () => add.click());
  await adminPage.getByLabel("New team").fill("Never created");
  const create = adminPage.getByRole("button", { name: "Create team" });
  captured.createTeam = await captureUnsent(adminPage, () => create.click());
  await adminPage.getByRole("button", { name: "Remove operator@demo.local" }).click();
  const confirm = adminPage.getByRole("dialog").getByRole("button", { name: "Remove from team" });
  captured.removeMember = await captureUnsent(adminPage, () => confirm.click());
  await admin.close();

  // Operator: Finish on an activation with a code, an order from the dialog, the language.
  const { id: activationId } = await sim.createActivation();
  await sim.deliverSms(activationId, "246810");
  const operator = await browser.newContext({ storageState: storageStateFor("operator") });
  const operatorPage = await operator.newPage();
  const activations = new ActivationsPage(operatorPage);
  await activations.goto();
  await expect(activations.codes(activationId)).toContainText("246810");
  const finish = activations.button(activationId, "Finish");
  captured.setStatus = await captureUnsent(operatorPage, () => finish.click());
  await operatorPage.getByRole("button", { name: "Order number" }).click();
  const buy = operatorPage.getByRole("dialog").getByRole("button", { name: "Buy number" });
  captured.order = await captureUnsent(operatorPage, () => buy.click());
  const language = operatorPage.getByLabel("Language");
  captured.setLocale = await captureUnsent(operatorPage, () => language.selectOption("pt-BR"));
  await operator.close();
  captured.switchTeam = fromBuild(captured.setLocale, "switchTeamAction", "/activations");
  captured.setup = fromBuild(captured.setLocale, "setupAction", "/setup");
  captured.setKeyLimits = fromBuild(captured.setLocale, "setKeyLimitsAction", "/keys");
  captured.setMemberLimit = fromBuild(captured.setLocale, "setMemberLimitAction", "/team");
  captured.bulkSetStatus = fromBuild(captured.setLocale, "bulkSetStatus", "/activations");
  // No invitation or one-time-password member exists here: these ids come from the build.
  captured.revokeInvitation = fromBuild(captured.setLocale, "revokeInvitationAction", "/team");
  captured.reissuePassword = fromBuild(captured.setLocale, "reissuePasswordAction", "/team");
  captured.acceptInvitation = fromBuild(captured.setLocale, "acceptInvitationAction", "/profile");
  captured.declineInvitation = fromBuild(captured.setLocale, "declineInvitationAction", "/profile");
  captured.saveTeamRules = fromBuild(captured.setLocale, "saveTeamRulesAction", "/team");
  captured.startSmartBuy = fromBuild(captured.setLocale, "startSmartBuyAction", "/activations");
  captured.stopSmartBuy = fromBuild(captured.setLocale, "stopSmartBuyAction", "/activations");
  captured.saveQuickBuy = fromBuild(captured.setLocale, "saveQuickBuyAction", "/activations");
  captured.deleteQuickBuy = fromBuild(captured.setLocale, "deleteQuickBuyAction", "/activations");
  captured.runQuickBuy = fromBuild(captured.setLocale, "runQuickBuyAction", "/activations");

  const ids: Ids = {
    activation: activationId,
    activationKey: firstArg(captured.setStatus).keyId ?? "",
    key: firstArg(captured.testKey).keyId ?? "",
    demoKey: firstArg(captured.order).keyId ?? "",
    member: firstArg(captured.changeRole).memberId ?? "",
    orderId: firstArg(captured.order).orderId ?? "",
  };
  expect(Object.values(ids).every(Boolean), JSON.stringify(ids)).toBe(true);
  expect(ids.key).not.toBe(ids.demoKey);

  // Sync calls getActiveActivations and getBalance on its own: count only what a replay could cause.
  const suffix = secret.slice(-4);
  const providerCalls = async () => {
    const [setStatus, getNumberV2, getNumber, getBalance, getStatus, getPrices, getOperators] = await Promise.all([
      sim.requests({ action: "setStatus" }),
      sim.requests({ action: "getNumberV2" }),
      sim.requests({ action: "getNumber" }),
      sim.requests({ action: "getBalance" }),
      sim.requests({ action: "getStatus", id: activationId }),
      sim.requests({ action: "getPrices" }),
      sim.requests({ action: "getOperators" }),
    ]);
    return {
      setStatus: setStatus.length,
      getNumber: getNumberV2.length + getNumber.length,
      getBalanceWithTheDisabledKey: getBalance.filter((r) => r.keySuffix === suffix).length,
      getStatusOfTheActivation: getStatus.length,
      getPrices: getPrices.length,
      getOperators: getOperators.length,
    };
  };
  const before = await providerCalls();

  const contexts: Record<Who, APIRequestContext> = {
    operator: await playwrightRequest.newContext({
      baseURL,
      storageState: storageStateFor("operator"),
    }),
    admin: await playwrightRequest.newContext({ baseURL, storageState: storageStateFor("admin") }),
    anonymous: await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES }),
  };
  const table = rows(ids);
  expect(table.length).toBeGreaterThanOrEqual(40);

  for (const row of table) {
    await test.step(row.name, async () => {
      let response: Awaited<ReturnType<APIRequestContext["get"]>>;
      if (row.action.startsWith("/api/")) {
        const url = `${row.action}${row.query ? `?${row.query}` : ""}`;
        response = await contexts[row.as ?? "admin"].get(url, { maxRedirects: 0 });
      } else {
        const action = row.action as ActionName;
        const { url, headers } = captured[action];
        const data = row.body instanceof Raw ? row.body.text : JSON.stringify([row.body]);
        response = await contexts[row.as ?? ROLE_OF[action]].post(url, {
          headers: {
            ...headers,
            ...(row.actionId && { "next-action": row.actionId }),
            ...(row.contentType && { "content-type": row.contentType }),
          },
          data,
          maxRedirects: 0,
        });
      }
      const text = await response.text();
      // An action's answer is line 1 of the RSC payload (line 0 is the router's header).
      const answer = text.split("\n").find((line) => line.startsWith("1:")) ?? text;
      const where = `${row.name}: ${response.status()} ${answer.slice(0, 300)}`;
      if (row.expect === "invalid") {
        expect.soft(response.status(), where).toBeLessThan(500);
        expect.soft(answer, where).toContain('"code":"INVALID_INPUT"');
        expect.soft(answer, where).toContain("That request is not valid");
      } else if (row.expect === "httpError") {
        expect.soft(response.status(), where).toBeGreaterThanOrEqual(400);
      } else if ("refused" in row.expect) {
        expect.soft(response.status(), where).toBeLessThan(500);
        expect.soft(answer, where).toContain(row.expect.refused);
      } else {
        expect.soft(response.status(), where).toBe(row.expect.status);
      }
      // Whatever else the answer is, it is never the envelope's data.
      expect.soft(answer, where).not.toMatch(/"data":\{"data"/);
    });
  }

  for (const context of Object.values(contexts)) await context.dispose();
  expect(await providerCalls(), "provider calls caused by the replays").toEqual(before);
});

// ---- Webhooks (issue 10, item 4): the key's webhook actions and POST /api/webhooks/<token>. ----
// A separate block: its own key, captures and rows, the same rules (a clear refusal, no 5xx,
// nothing reaching the provider), plus: no refused push writes anything.
test("malformed webhook settings and pushes are refused, change nothing, and reach no provider", async ({ browser, sim, baseURL }) => {
  test.setTimeout(90_000);
  const secret = `WEBHOOK-BAD-INPUT-${Date.now()}-whbi`;
  await sim.addKey(secret, 2);
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const adminPage = await admin.newPage();
  await adminPage.goto("/keys");
  await adminPage.getByRole("button", { name: "Add key" }).click();
  const dialog = adminPage.getByRole("dialog");
  await dialog.getByLabel("Key name").fill("Webhook bad input");
  await dialog.getByLabel("Provider").selectOption("simulator");
  await dialog.getByLabel("API key").fill(secret);
  await dialog.getByRole("button", { name: "Save key" }).click();
  const card = adminPage.getByTestId("webhook-Webhook bad input");
  await expect(card.getByLabel("Webhook URL", { exact: true })).toHaveValue(/\/api\/webhooks\//);
  await card.getByRole("button", { name: "Rotate" }).click();
  const confirmRotate = adminPage.getByRole("dialog").getByRole("button", { name: "Rotate the webhook URL" });
  const rotateWebhook = await captureUnsent(adminPage, () => confirmRotate.click());
  await card.getByLabel("Allowed sources").fill("203.0.113.7");
  const saveSources = card.getByRole("button", { name: "Save" });
  const setSources = await captureUnsent(adminPage, () => saveSources.click());
  const urlOf = (name: string) => adminPage.getByTestId(`webhook-${name}`).getByLabel("Webhook URL", { exact: true }).inputValue();
  const demoUrl = await urlOf("Simulator");
  const otherUrl = await urlOf("Webhook bad input");
  await admin.close();
  const otherKey = firstArg(rotateWebhook).keyId ?? "";
  expect(otherKey).toMatch(/^[0-9a-f-]{36}$/);

  // An activation of the demo key, imported by sync, no code: what a replayed push would change.
  const { id } = await sim.createActivation();
  const state = async () => {
    const [row] = await queryDb("SELECT codes, state, updated_at FROM activations WHERE id = ?", [id]);
    const pushes = await queryDb("SELECT count(*) AS n FROM webhook_deliveries WHERE activation_id = ?", [id]);
    const settings = await queryDb("SELECT token_hash, allowed_sources FROM key_webhooks WHERE key_id = ?", [otherKey]);
    return { row, pushes, settings };
  };
  await expect.poll(async () => (await state()).row).toBeTruthy();
  const before = await state();
  const providerCalls = async () => {
    const calls = await Promise.all(["setStatus", "getNumberV2", "getNumber", "getPrices"].map((action) => sim.requests({ action })));
    return [...calls.map((c) => c.length), (await sim.requests({ action: "getStatus", id })).length];
  };
  const callsBefore = await providerCalls();

  const contexts: Record<Who, APIRequestContext> = {
    operator: await playwrightRequest.newContext({ baseURL, storageState: storageStateFor("operator") }),
    admin: await playwrightRequest.newContext({ baseURL, storageState: storageStateFor("admin") }),
    anonymous: await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES }),
  };
  const noKey = { refused: "does not exist in your team" };
  const actionRows: [string, CapturedAction, unknown, Expect, Who?][] = [
    ["rotateWebhook: non-uuid keyId", rotateWebhook, { keyId: "../keys" }, "invalid"],
    ["rotateWebhook: keyId of no key", rotateWebhook, { keyId: NO_KEY }, noKey],
    ["rotateWebhook: keyId as an array", rotateWebhook, { keyId: [otherKey] }, "invalid"],
    ["rotateWebhook: forged teamId", rotateWebhook, { keyId: otherKey, ...FORGED }, "invalid"],
    ["rotateWebhook: as an operator", rotateWebhook, { keyId: otherKey }, { refused: "Only team admins" }, "operator"],
    ["rotateWebhook: signed out", rotateWebhook, { keyId: otherKey }, { status: 307 }, "anonymous"],
    ["setWebhookSources: a host name", setSources, { keyId: otherKey, sources: "provider.example" }, { refused: "is not an IP address" }],
    ["setWebhookSources: a /33 range", setSources, { keyId: otherKey, sources: "10.0.0.0/33" }, { refused: "is not an IP address" }],
    ["setWebhookSources: 1 MB of sources", setSources, { keyId: otherKey, sources: MB }, "invalid"],
    ["setWebhookSources: sources as an array", setSources, { keyId: otherKey, sources: ["10.0.0.1"] }, "invalid"],
    ["setWebhookSources: keyId of no key", setSources, { keyId: NO_KEY, sources: "" }, noKey],
    ["setWebhookSources: forged teamId", setSources, { keyId: otherKey, sources: "", ...FORGED }, "invalid"],
    ["setWebhookSources: as an operator", setSources, { keyId: otherKey, sources: "" }, { refused: "Only team admins" }, "operator"],
  ];
  const token = demoUrl.slice(demoUrl.lastIndexOf("/") + 1);
  const push = (code: string, activationId = id) =>
    JSON.stringify({ activationId: Number(activationId), service: "tg", text: code, code, country: 73, receivedAt: "2026-01-01 00:00:00" });
  const routeRows: [string, string, string, number][] = [
    ["malformed JSON", demoUrl, '{"activationId":', 400],
    ["empty body", demoUrl, "", 400],
    ["an array", demoUrl, "[1,2]", 400],
    ["no code", demoUrl, JSON.stringify({ activationId: Number(id) }), 400],
    ["an id that is not digits", demoUrl, JSON.stringify({ activationId: `${id}; DROP TABLE activations`, code: "1" }), 400],
    ["a huge body (1 MB)", demoUrl, JSON.stringify({ activationId: Number(id), code: "1", pad: MB }), 413],
    ["an unknown activation", demoUrl, push("11111", "9999999999"), 404],
    ["another key's activation", otherUrl, push("22222"), 404],
    ["a wrong token", demoUrl.replace(token, `${token.slice(0, -3)}xyz`), push("33333"), 404],
    ["a token that is not one", demoUrl.replace(token, "x".repeat(2000)), push("44444"), 404],
  ];

  for (const [name, captured, body, expected, as] of actionRows) {
    await test.step(name, async () => {
      const response = await contexts[as ?? "admin"].post(captured.url, {
        headers: captured.headers,
        data: JSON.stringify([body]),
        maxRedirects: 0,
      });
      const text = await response.text();
      const answer = text.split("\n").find((line) => line.startsWith("1:")) ?? text;
      const where = `${name}: ${response.status()} ${answer.slice(0, 300)}`;
      if (expected === "invalid") {
        expect.soft(answer, where).toContain('"code":"INVALID_INPUT"');
      } else if (typeof expected === "object" && "refused" in expected) {
        expect.soft(answer, where).toContain(expected.refused);
      } else if (typeof expected === "object" && "status" in expected) {
        expect.soft(response.status(), where).toBe(expected.status);
      }
      expect.soft(response.status(), where).toBeLessThan(500);
      expect.soft(answer, where).not.toMatch(/"data":\{"data"/);
    });
  }
  for (const [name, url, body, status] of routeRows) {
    await test.step(`POST /api/webhooks/<token>: ${name}`, async () => {
      const response = await contexts.anonymous.post(url, { headers: { "content-type": "application/json" }, data: body, maxRedirects: 0 });
      expect.soft(response.status(), `${name}: ${await response.text()}`).toBe(status);
    });
  }
  for (const context of Object.values(contexts)) await context.dispose();
  expect(await state(), "nothing written by a refused change or push").toEqual(before);
  expect(await providerCalls(), "provider calls caused by the replays").toEqual(callsBefore);
});
