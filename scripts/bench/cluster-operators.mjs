// The operators of `npm run bench:cluster`. Each has a home instance; like a load balancer with
// health checks, the router sends it to the other instance while its home is down. Pollers read
// GET /api/activations every 2 s; streamers hold GET /api/activations/stream open on their
// instance and refetch on every `change` event (and on every reconnect), polling only while the
// stream is down, as the page does. Everyone clicks Finish / Cancel / Another SMS now and then.
// Every answer is recorded with the instance that gave it; every successful click is watched
// for on the streamers of the *other* instance (push latency: A's answer → B's table shows it).
import { callAction, getJson } from "./http.mjs";
import { clickableAction, every, sleepUntil } from "./operator.mjs";
import { openStream } from "./sse.mjs";

const POLL_EVERY_MS = 2000;
const ACCOUNT_EVERY_MS = 4000;
const STREAM_RETRY_MS = 1000;
/** A change not shown on the other instance within this long counts as missed. */
export const PUSH_GIVE_UP_MS = 10_000;
const TARGET = { 3: "waiting_retry", 6: "finished", 8: "cancelled" };

/** Load-balancer stand-in: the home instance while it is up, else the other one. */
export function createRouter(instances) {
  return (home) => {
    const first = instances[home];
    if (first.up) return first;
    const other = Object.values(instances).find((i) => i !== first && i.up);
    return other ?? null;
  };
}

/** Everything the clients saw, for the report. */
export function createRecorder() {
  return {
    http: [], // { inst, kind, status, failure, at }
    clicks: [], // { id, keyId, status, inst, tSend, tResp, outcome }
    orders: [], // { orderId, keyId, inst, outcome, activationId, twice }
    signIns: [], // { inst, status }
    pushTable: [], // ms from the click's answer on one instance to the other's table showing it
    pushEvent: [], // ms from the click's answer to the first `change` event after its send
    pushMissed: 0,
    pushMissedSamples: [],
    pushInterrupted: 0, // watches dropped because the watching stream ended (the kill)
    retries: 0, // requests sent again after a reset keep-alive connection (see http.mjs)
    streamOpens: {}, // status → count
    eventNames: {}, // event name → count
    retried: new Set(), // activation ids someone asked Another SMS for (at most once each)
    record(inst, kind, result) {
      if (result.retried) this.retries++;
      this.http.push({ inst: inst.name, kind, status: result.status, failure: result.failure, at: Date.now() });
    },
  };
}

/** ok | a refusal code | "failure:<why>" from a server action's result. */
export function outcomeOf(result) {
  if (result.failure) return `failure:${result.failure}`;
  return result.envelope.error?.code ?? "ok";
}

/** A row this operator would click now, with the status to send, or null. */
export function pickClick(view, rec, now = Date.now()) {
  if (!view) return null;
  const keys = new Map(view.keys.map((k) => [k.id, k]));
  const candidates = [];
  for (const a of view.activations) {
    const status = clickableAction(a, keys.get(a.keyId), now);
    if (status) candidates.push({ id: a.id, keyId: a.keyId, status });
    // Another SMS once per activation at most: a second one would be a legitimate second call.
    if (status === 6 && a.state === "code_received" && a.canGetAnotherSms && !rec.retried.has(a.id)) {
      candidates.push({ id: a.id, keyId: a.keyId, status: 3 });
    }
  }
  if (candidates.length === 0) return null;
  const pick = candidates[Math.floor(Math.random() * candidates.length)];
  if (pick.status === 3) rec.retried.add(pick.id);
  return pick;
}

/** Sends one click through `inst` and records it; watches for it on the other instance. */
export async function click(ctx, op, inst, pick) {
  const tSend = Date.now();
  const input = { keyId: pick.keyId, id: pick.id, status: pick.status };
  const result = await callAction(inst.url, "/activations", ctx.ids.setActivationStatus, op.cookie, input);
  const tResp = Date.now();
  ctx.rec.record(inst, "setStatus", result);
  const outcome = outcomeOf(result);
  ctx.rec.clicks.push({ ...pick, inst: inst.name, tSend, tResp, outcome });
  if (outcome === "ok") watchOnOtherInstance(ctx, inst.name, pick, tSend, tResp);
  return outcome;
}

function watchOnOtherInstance(ctx, instName, pick, tSend, tResp) {
  for (const op of ctx.operators) {
    if (!op.stream.open || op.stream.inst === instName) continue;
    const watch = { id: pick.id, keyId: pick.keyId, target: TARGET[pick.status], tSend, tResp, eventSeen: false };
    // An event that came before the answer (the change commits first) counts as no delay.
    const early = op.stream.events.find((e) => e.at >= tSend && (!e.keyId || e.keyId === pick.keyId));
    if (early) {
      ctx.rec.pushEvent.push(Math.max(0, early.at - tResp));
      watch.eventSeen = true;
    }
    if (shows(op.view, watch)) ctx.rec.pushTable.push(Math.max(0, op.viewAt - tResp));
    else op.watches.push(watch);
  }
}

function rowOf(view, watch) {
  return view?.activations.find((a) => a.id === watch.id && a.keyId === watch.keyId);
}

/**
 * The table shows the click: its state, or an action recorded after the click was sent (the
 * click's own, or a later one over it: Finish right after Another SMS leaves no waiting_retry
 * to see).
 */
function shows(view, watch) {
  const row = rowOf(view, watch);
  if (!row) return false;
  if ((row.lastActionAtMs ?? 0) >= watch.tSend) return true;
  return row.state === watch.target && !row.pendingAction;
}

function settleWatches(ctx, op, now) {
  op.watches = op.watches.filter((w) => {
    if (shows(op.view, w)) {
      ctx.rec.pushTable.push(Math.max(0, now - w.tResp));
      return false;
    }
    if (now - w.tResp > PUSH_GIVE_UP_MS) {
      ctx.rec.pushMissed++;
      const row = rowOf(op.view, w);
      if (ctx.rec.pushMissedSamples.length < 5) {
        ctx.rec.pushMissedSamples.push(
          `${w.id} wanted ${w.target}, saw ${row ? `${row.state}${row.pendingAction ? ` (${row.pendingAction} pending)` : ""}` : "no row"} on ${op.stream.inst ?? "no stream"}`,
        );
      }
      return false;
    }
    return true;
  });
}

async function fetchView(ctx, op) {
  const inst = ctx.route(op.home);
  if (!inst) return;
  const result = await getJson(inst.url, "/api/activations", op.cookie);
  ctx.rec.record(inst, "activations", result);
  if (result.body) {
    op.view = result.body;
    op.viewAt = Date.now();
    settleWatches(ctx, op, op.viewAt);
  }
}

/** Single-flight refetch: an event during a fetch folds into one more fetch after it. */
function refetcher(ctx, op) {
  let running = null;
  let again = false;
  const go = async () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await fetchView(ctx, op);
      } while (again && !ctx.signal.aborted);
    })();
    await running;
    running = null;
  };
  return go;
}

/** Keeps the stream open (reconnecting through the router) until the end; polls while down. */
async function streamLoop(ctx, op) {
  const refetch = refetcher(ctx, op);
  while (!ctx.signal.aborted && performance.now() < ctx.endAt) {
    const inst = ctx.route(op.home);
    if (!inst) {
      await sleepUntil(performance.now() + STREAM_RETRY_MS, ctx.signal);
      continue;
    }
    const abort = new AbortController();
    const stopOnEnd = () => abort.abort();
    ctx.signal.addEventListener("abort", stopOnEnd, { once: true });
    const onEvent = (name, data, at) => {
      ctx.rec.eventNames[name] = (ctx.rec.eventNames[name] ?? 0) + 1;
      if (name !== "change") return;
      let keyId = null;
      try {
        keyId = JSON.parse(data)?.keyId ?? null;
      } catch {
        // a bare notice: any key
      }
      op.stream.events.push({ at, keyId });
      if (op.stream.events.length > 200) op.stream.events.shift();
      for (const w of op.watches) {
        if (!w.eventSeen && at >= w.tSend && (!keyId || keyId === w.keyId)) {
          w.eventSeen = true;
          ctx.rec.pushEvent.push(Math.max(0, at - w.tResp));
        }
      }
      void refetch();
    };
    const opened = await openStream(`${inst.url}/api/activations/stream`, op.cookie, abort.signal, onEvent);
    ctx.rec.streamOpens[opened.status] = (ctx.rec.streamOpens[opened.status] ?? 0) + 1;
    ctx.rec.record(inst, "stream", { status: opened.status, failure: opened.status ? undefined : "network" });
    if (opened.status === 200) {
      op.stream = { open: true, inst: inst.name, events: [] };
      void refetch(); // the client refetches after every (re)connect
      const endTimer = setTimeout(stopOnEnd, Math.max(0, ctx.endAt - performance.now()));
      const why = await opened.closed;
      clearTimeout(endTimer);
      op.stream = { open: false, inst: null, events: [] };
      // What it was watching can no longer arrive over this stream: not a push delay.
      ctx.rec.pushInterrupted += op.watches.length;
      op.watches = [];
      if (why.startsWith("network") && inst.up) ctx.rec.record(inst, "stream", { status: 0, failure: why });
    } else {
      await fetchView(ctx, op); // the poll fallback while the stream is down
    }
    ctx.signal.removeEventListener("abort", stopOnEnd);
    await sleepUntil(performance.now() + (opened.status === 200 ? 0 : STREAM_RETRY_MS), ctx.signal);
  }
}

/** One operator until ctx.endAt. */
export async function runClusterOperator(ctx, op) {
  const pollAccount = async () => {
    const inst = ctx.route(op.home);
    if (inst) ctx.rec.record(inst, "account", await getJson(inst.url, "/api/account", op.cookie));
  };
  const clickOne = async () => {
    const inst = ctx.route(op.home);
    const pick = pickClick(op.view, ctx.rec);
    if (inst && pick) await click(ctx, op, inst, pick);
  };
  const loops = [
    op.streaming
      ? streamLoop(ctx, op)
      : every(POLL_EVERY_MS, Math.random() * POLL_EVERY_MS, ctx.endAt, ctx.signal, () => fetchView(ctx, op)),
    every(ACCOUNT_EVERY_MS, Math.random() * ACCOUNT_EVERY_MS, ctx.endAt, ctx.signal, pollAccount),
    every(ctx.clickEveryMs, POLL_EVERY_MS + Math.random() * ctx.clickEveryMs, ctx.endAt, ctx.signal, clickOne, () => 0.5 + Math.random()),
  ];
  await Promise.all(loops);
}

/** Watches still open at the end: missed if they had their full time, else not counted. */
export function closeWatches(ctx) {
  const now = Date.now();
  for (const op of ctx.operators) {
    for (const w of op.watches) if (now - w.tResp > PUSH_GIVE_UP_MS) ctx.rec.pushMissed++;
    op.watches = [];
  }
}
