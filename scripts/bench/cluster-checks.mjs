// The checks of `npm run bench:cluster` with their bounds, as text for the terminal and as
// markdown for data/bench/cluster-report.md. Each check: a name, the figure, PASS or FAIL.
import os from "node:os";
import {
  callsPerClick,
  callsPerOrder,
  failoverSeconds,
  missingAudit,
  overlappingPasses,
  peakPerSecond,
  pushFigures,
  serverErrors,
  signInFigures,
} from "./cluster-report.mjs";

const PUSH_P95_GOAL_MS = 1000;

export function buildReport({ settings, seconds, latency, operators, keys, log, audit, rec, kill, t0, t1 }) {
  const suffixes = keys.map((k) => k.suffix);
  const nameOf = Object.fromEntries(keys.map((k, i) => [k.suffix, `key ${i + 1} (…${k.suffix})`]));
  const suffixToKeyId = Object.fromEntries(keys.map((k) => [k.suffix, k.id]));
  const windowLog = log.filter((e) => Date.parse(e.at) >= t0);
  const checks = [];
  const check = (name, pass, figure, why = "") => checks.push({ name, pass: Boolean(pass), figure, why });

  const clicks = callsPerClick(rec.clicks, windowLog);
  check(
    "provider calls per click (setStatus per clicked activation+status)",
    clicks.wrong.length === 0 && clicks.unexplained === 0 && clicks.reached > 0,
    `${rec.clicks.length} clicks on ${clicks.pairs} (activation, status) pairs, ${clicks.sameTime} clicked more than once: ` +
      `${clicks.reached} reached the provider (1 call each), ${clicks.refused} refused by the app (no call), ` +
      `${clicks.unsure} cut off by the kill (≤ 1 call); pairs with another number of calls: ${clicks.wrong.length}; ` +
      `calls nobody clicked: ${clicks.unexplained}`,
    clicks.wrong.slice(0, 5).join("; "),
  );
  const orders = callsPerOrder(rec.orders, windowLog);
  check(
    "provider calls per order (getNumber per orderId)",
    orders.ok && orders.orders > 0,
    `${orders.calls} getNumber calls for ${orders.orders} orderIds (${orders.resubmitted} submitted to both instances; ` +
      `${orders.reached} reached the provider, ${orders.unsure} unsure)`,
    orders.disagreements.length ? `different activations for one orderId: ${orders.disagreements.length}` : "",
  );

  const overlaps = overlappingPasses(windowLog, suffixes);
  const overlapTotal = Object.values(overlaps).reduce((n, o) => n + o.overlaps, 0);
  check(
    "overlapping sync passes per key (getActiveActivations in flight at once)",
    overlapTotal === 0 && windowLog.some((e) => e.answeredAt !== undefined),
    suffixes.map((s) => `${nameOf[s]}: ${overlaps[s].overlaps} of ${overlaps[s].passes}`).join(", "),
    windowLog.some((e) => e.answeredAt !== undefined) ? "" : "the simulator log has no answeredAt: cannot tell",
  );

  const failoverBound = (settings.leaseTtlMs + settings.syncIntervalMs) / 1000 + 1;
  const orphanSuffixes = kill.orphans.map((id) => keys.find((k) => k.id === id)?.suffix).filter(Boolean);
  const failover = kill.at ? failoverSeconds(windowLog, kill.at, orphanSuffixes) : {};
  const failoverValues = Object.values(failover);
  check(
    `seconds from the kill to the first sync of each orphaned key (≤ ${failoverBound} s)`,
    failoverValues.length > 0 && failoverValues.every((v) => v !== null && v <= failoverBound),
    failoverValues.length
      ? Object.entries(failover).map(([s, v]) => `${nameOf[s]}: ${v ?? "never"}`).join(", ")
      : "no orphaned key",
    kill.at ? `killed ${kill.victim}; live leases by instance then: ${JSON.stringify(kill.leases)}` : "no kill happened",
  );

  const peakBound = settings.burst + settings.ratePerSecond;
  const peaks = peakPerSecond(windowLog, suffixes);
  check(
    `most provider requests per key in any 1 s, both instances (≤ burst ${settings.burst} + rate ${settings.ratePerSecond})`,
    Object.values(peaks).every((v) => v <= peakBound),
    suffixes.map((s) => `${nameOf[s]}: ${peaks[s]}`).join(", "),
    rec.burst ? `${rec.burst.count} orders at once on key 1, half through each instance` : "",
  );

  const signIns = signInFigures(rec.signIns);
  const expected401 = Math.min(settings.signInLimit, settings.wrongSignIns);
  check(
    `wrong sign-ins from one address alternating instances (exactly ${expected401} × 401, the rest 429)`,
    signIns[401] === expected401 && signIns[429] === settings.wrongSignIns - expected401,
    Object.entries(signIns).map(([status, n]) => `${n} × ${status}`).join(", ") || "none sent",
    `SIGN_IN_ATTEMPTS_PER_MINUTE=${settings.signInLimit} per address decides; SIGN_IN_FAILURES_PER_EMAIL=20 never refuses 12`,
  );

  const push = pushFigures(rec);
  check(
    `push latency: a click answered by one instance → the other's streamed table shows it (p95 ≤ ${PUSH_P95_GOAL_MS} ms)`,
    push.samples > 0 && push.table.p95 <= PUSH_P95_GOAL_MS && push.missed === 0,
    push.samples
      ? `p50 ${push.table.p50} ms, p95 ${push.table.p95} ms, max ${push.table.max} ms over ${push.samples} (click, streamer) pairs; ` +
          `missed (> 10 s): ${push.missed}; cut by the kill: ${push.interrupted}; ` +
          `first change event after the click: p50 ${push.event.p50} ms, p95 ${push.event.p95} ms`
      : "no sample",
    `stream answers: ${JSON.stringify(rec.streamOpens)}; events: ${JSON.stringify(rec.eventNames)}` +
      (rec.pushMissedSamples.length ? `; missed e.g. ${rec.pushMissedSamples.join("; ")}` : ""),
  );

  const audited = missingAudit(windowLog, audit, kill.at, suffixToKeyId);
  check(
    "provider calls without their audit row (setStatus, getStatus, getNumber)",
    audited.missing === 0,
    `${audited.missing} of ${audited.calls}; ${audited.excused} in flight at the kill set apart`,
    audited.examples.join(", "),
  );

  const errors = serverErrors(rec.http, kill.victim, kill.at, kill.readyAt);
  check(
    "5xx answers (or no answer) from the survivor",
    errors.survivor5xx === 0 && errors.survivorNoAnswer === 0,
    `${errors.survivor5xx} × 5xx, ${errors.survivorNoAnswer} unanswered of ${rec.http.filter((r) => r.inst !== kill.victim).length} requests`,
    `killed instance: ${errors.victimCutOff} cut off by the kill, ${errors.victimBeforeKill5xx} × 5xx before it, ` +
      `${errors.victimAfterRestart5xx} × 5xx after the restart`,
  );

  const failed = checks.filter((c) => !c.pass).length;
  const tally = (items, keyOf) => {
    const out = {};
    for (const item of items) out[keyOf(item)] = (out[keyOf(item)] ?? 0) + 1;
    return out;
  };
  const diagnostics = {
    clickOutcomes: tally(rec.clicks, (c) => c.outcome),
    orderOutcomes: tally(rec.orders, (o) => o.outcome),
    requests: tally(rec.http, (r) => `${r.inst} ${r.kind} ${r.status || r.failure}`),
    providerCalls: tally(windowLog, (e) => `${nameOf[e.keySuffix] ?? e.keySuffix} ${e.action} ${e.httpStatus ?? "unanswered"}`),
  };
  const context = [
    `${seconds} s, ${operators.length} operators (${operators.filter((o) => o.streaming).length} streaming), ` +
      `${keys.length} keys, provider latency ${latency} ms, 2 instances on one PostgreSQL database`,
    `SYNC_INTERVAL_MS=${settings.syncIntervalMs}, SYNC_LEASE_TTL_MS=${settings.leaseTtlMs}, ` +
      `PROVIDER_MAX_REQUESTS_PER_SECOND=${settings.ratePerSecond}, SIGN_IN_ATTEMPTS_PER_MINUTE=${settings.signInLimit}`,
    `killed ${kill.victim ?? "–"} at ${kill.at ? Math.round((kill.at - t0) / 1000) : "–"} s, ` +
      `restarted at ${kill.restartedAt ? Math.round((kill.restartedAt - t0) / 1000) : "–"} s, ` +
      `answering again at ${kill.readyAt ? Math.round((kill.readyAt - t0) / 1000) : "–"} s`,
    `provider calls logged: ${windowLog.length}${log.length >= 10_000 ? " (the log's 10,000-entry cap was hit: figures incomplete)" : ""}; ` +
      `client requests: ${rec.http.length} (${rec.retries} sent again after a reset keep-alive connection); machine load (1 min): ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`,
  ];
  const text = [
    "Cluster benchmark",
    ...context.map((c) => `  ${c}`),
    "",
    ...checks.map((c) => `${c.pass ? "PASS" : "FAIL"}  ${c.name}\n      ${c.figure}${c.why ? `\n      (${c.why})` : ""}`),
    "",
    `click answers: ${JSON.stringify(diagnostics.clickOutcomes)}`,
    `order answers: ${JSON.stringify(diagnostics.orderOutcomes)}`,
    "",
    failed ? `${failed} of ${checks.length} checks FAILED.` : `All ${checks.length} checks passed.`,
  ].join("\n");
  const cell = (s) => String(s).replaceAll("|", "\\|");
  const markdown = [
    `# Cluster benchmark (${new Date(t1).toISOString().slice(0, 16)}Z)`,
    "",
    ...context.map((c) => `- ${c}`),
    "",
    "| check | result | figure |",
    "| --- | --- | --- |",
    ...checks.map((c) => `| ${cell(c.name)} | ${c.pass ? "PASS" : "**FAIL**"} | ${cell(c.figure)}${c.why ? ` (${cell(c.why)})` : ""} |`),
    "",
  ].join("\n");
  const data = { at: new Date(t1).toISOString(), settings, context, checks, kill, diagnostics };
  return { text, markdown, failed, data };
}
