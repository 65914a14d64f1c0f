// The figures and checks of `npm run bench:cluster`, computed from the simulator's request log
// (what really reached the provider, with arrival and answer times), the audit log (read from
// PostgreSQL) and what the bench's clients saw. Pure functions of those inputs: no I/O here.
import { APP_REFUSALS, PROVIDER_REFUSALS, percentiles } from "./stats.mjs";

const ms = (iso) => (iso ? Date.parse(iso) : null);
const AUDITED = new Set(["setStatus", "getStatus", "getNumber", "getNumberV2"]);
/** An audit row is written after the answer and a transaction: this close to the kill, it may be lost. */
const KILL_SLACK_MS = 500;

/**
 * setStatus calls per clicked (activation, status): each click answered ok or with the
 * provider's own refusal made exactly one call (a refused cancel may be clicked again later, a
 * second call of its own); a click the app refused made none; a click cut off by the kill (no
 * answer, or ACTION_CHECKING) at most one. And one (activation, status) succeeds once at most.
 */
export function callsPerClick(clicks, log) {
  const calls = new Map();
  for (const e of log) {
    if (e.action !== "setStatus") continue;
    const k = `${e.id}/${e.status}`;
    calls.set(k, (calls.get(k) ?? 0) + 1);
  }
  const groups = new Map();
  for (const c of clicks) {
    const k = `${c.id}/${c.status}`;
    groups.set(k, [...(groups.get(k) ?? []), c.outcome]);
  }
  const out = { pairs: groups.size, reached: 0, refused: 0, unsure: 0, sameTime: 0, wrong: [], unexplained: 0 };
  for (const [k, outcomes] of groups) {
    const n = calls.get(k) ?? 0;
    if (outcomes.length > 1) out.sameTime++;
    const reached = outcomes.filter((o) => o === "ok" || PROVIDER_REFUSALS.has(o)).length;
    // Cut off by the kill, or an answer lost (ACTION_CHECKING): the call may have been made.
    const unsure = outcomes.filter((o) => !(o === "ok" || PROVIDER_REFUSALS.has(o) || APP_REFUSALS.test(o))).length;
    out.reached += reached;
    out.unsure += unsure;
    out.refused += outcomes.length - reached - unsure;
    const oks = outcomes.filter((o) => o === "ok").length;
    if (n < reached || n > reached + unsure || oks > 1) out.wrong.push(`${k}: ${n} calls for ${outcomes.join(", ")}`);
  }
  for (const k of calls.keys()) if (!groups.has(k)) out.unexplained++;
  return out;
}

/** getNumber calls against orderIds: one per order, and both answers of a resubmit agree. */
export function callsPerOrder(orders, log) {
  const byId = new Map();
  for (const o of orders) byId.set(o.orderId, [...(byId.get(o.orderId) ?? []), o]);
  let reached = 0;
  let unsure = 0;
  const disagreements = [];
  for (const [orderId, answers] of byId) {
    const outcomes = answers.map((a) => a.outcome);
    if (outcomes.some((o) => o === "ok" || PROVIDER_REFUSALS.has(o))) reached++;
    else if (outcomes.some((o) => !APP_REFUSALS.test(o))) unsure++;
    const ids = new Set(answers.filter((a) => a.outcome === "ok").map((a) => a.activationId));
    if (ids.size > 1) disagreements.push(orderId);
  }
  const calls = log.filter((e) => e.action === "getNumber" || e.action === "getNumberV2").length;
  const resubmitted = new Set(orders.filter((o) => o.twice).map((o) => o.orderId)).size;
  const ok = calls >= reached && calls <= reached + unsure && disagreements.length === 0;
  return { orders: byId.size, resubmitted, reached, unsure, calls, disagreements, ok };
}

/** Per key: sync's getActiveActivations calls whose [arrival, answer] intervals overlap. */
export function overlappingPasses(log, suffixes) {
  const out = {};
  for (const suffix of suffixes) {
    const calls = log
      .filter((e) => e.action === "getActiveActivations" && e.keySuffix === suffix)
      .map((e) => ({ from: ms(e.at), to: ms(e.answeredAt) ?? ms(e.at) }))
      .sort((a, b) => a.from - b.from);
    let overlaps = 0;
    let busyUntil = -Infinity;
    for (const c of calls) {
      if (c.from < busyUntil) overlaps++;
      busyUntil = Math.max(busyUntil, c.to);
    }
    out[suffix] = { passes: calls.length, overlaps, answerTimes: calls.every((c) => c.to >= c.from) };
  }
  return out;
}

/** Seconds from the kill to each orphaned key's first getActiveActivations. */
export function failoverSeconds(log, killAt, orphanSuffixes) {
  const out = {};
  for (const suffix of orphanSuffixes) {
    const first = log.find((e) => e.action === "getActiveActivations" && e.keySuffix === suffix && ms(e.at) >= killAt);
    out[suffix] = first ? Math.round((ms(first.at) - killAt) / 100) / 10 : null;
  }
  return out;
}

/** The most provider requests of one key arriving within any 1 s. */
export function peakPerSecond(log, suffixes) {
  const out = {};
  for (const suffix of suffixes) {
    const times = log.filter((e) => e.keySuffix === suffix).map((e) => ms(e.at)).sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j] - times[i] >= 1000) i++;
      best = Math.max(best, j - i + 1);
    }
    out[suffix] = best;
  }
  return out;
}

/**
 * Provider calls that should have an audit row (setStatus, getStatus, getNumber) without one.
 * Calls in flight at the kill are set apart: the killed process may have died between the
 * provider's answer and its audit write (a setStatus still has its "sent" intent row).
 */
export function missingAudit(log, auditRows, killAt, suffixToKeyId) {
  const inFlightAtKill = (e) =>
    killAt !== null && ms(e.at) < killAt && (e.answeredAt === null || ms(e.answeredAt) >= killAt - KILL_SLACK_MS);
  const count = (map, k) => map.set(k, (map.get(k) ?? 0) + 1);
  const audited = new Map();
  const intents = new Set();
  for (const r of auditRows) {
    if (r.action === "setStatus") {
      const status = String(r.detail ?? "").split(" ")[0];
      if (r.outcome === "sent") intents.add(`${r.activation_id}/${status}`);
      else count(audited, `setStatus/${r.activation_id}/${status}`);
    } else if (r.action === "getStatus") count(audited, `getStatus/${r.activation_id}`);
    else if (r.action === "getNumber") count(audited, `getNumber/${r.key_id}`);
  }
  const asked = new Map();
  const excusable = new Map();
  for (const e of log) {
    if (!AUDITED.has(e.action)) continue;
    const k =
      e.action === "setStatus"
        ? `setStatus/${e.id}/${e.status}`
        : e.action === "getStatus"
          ? `getStatus/${e.id}`
          : `getNumber/${suffixToKeyId[e.keySuffix]}`;
    count(asked, k);
    const intentKept = e.action !== "setStatus" || intents.has(`${e.id}/${e.status}`);
    if (inFlightAtKill(e) && intentKept) count(excusable, k);
  }
  let missing = 0;
  let excused = 0;
  const examples = [];
  for (const [k, n] of asked) {
    const short = Math.max(0, n - (audited.get(k) ?? 0));
    const forgiven = Math.min(short, excusable.get(k) ?? 0);
    excused += forgiven;
    missing += short - forgiven;
    if (short - forgiven > 0 && examples.length < 5) examples.push(k);
  }
  return { calls: [...asked.values()].reduce((a, b) => a + b, 0), missing, excused, examples };
}

/** 5xx answers and unanswered requests, per instance and period. */
export function serverErrors(http, victim, killAt, restartedAt) {
  const out = { survivor5xx: 0, survivorNoAnswer: 0, victimBeforeKill5xx: 0, victimAfterRestart5xx: 0, victimCutOff: 0 };
  for (const r of http) {
    const bad5xx = r.status >= 500;
    if (r.inst !== victim) {
      if (bad5xx) out.survivor5xx++;
      else if (r.status === 0) out.survivorNoAnswer++;
    } else if (restartedAt && r.at >= restartedAt) {
      if (bad5xx) out.victimAfterRestart5xx++;
    } else if (killAt && r.at >= killAt) {
      out.victimCutOff++;
    } else if (bad5xx) out.victimBeforeKill5xx++;
  }
  return out;
}

export function pushFigures(rec) {
  return {
    table: percentiles(rec.pushTable),
    event: percentiles(rec.pushEvent),
    samples: rec.pushTable.length,
    missed: rec.pushMissed,
    interrupted: rec.pushInterrupted,
  };
}

export function signInFigures(signIns) {
  const counts = {};
  for (const s of signIns) counts[s.status] = (counts[s.status] ?? 0) + 1;
  return counts;
}
