// One simulated operator with the activations page open: the table polls every 2 s, the header's
// balance every 4 s, and now and then the operator clicks Finish or Cancel on a row that allows
// it. A few operators also order numbers, so there is always new work. Every loop is bounded by
// the phase's end time and by a count derived from it.
import { randomUUID } from "node:crypto";
import { callAction, getJson } from "./http.mjs";

const ACTIVATIONS_EVERY_MS = 2000;
const ACCOUNT_EVERY_MS = 4000;
const SERVICES = ["tg", "wa", "go", "fb", "ig", "ds", "vk", "am"];
const COUNTRIES = ["0", "6", "12", "16"];

/** Sleeps until `at` (performance.now() time) or until the phase is aborted. */
export function sleepUntil(at, signal) {
  const ms = Math.max(0, at - performance.now());
  if (ms === 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Runs `step` every `everyMs` (or `everyMs * jitter()` when given; never overlapping), the first
 * time after `offsetMs`, until `endAt`.
 */
export async function every(everyMs, offsetMs, endAt, signal, step, jitter = () => 1) {
  const maxRuns = Math.ceil((endAt - performance.now()) / (everyMs / 2)) + 1;
  let next = performance.now() + offsetMs;
  for (let run = 0; run < maxRuns; run++) {
    await sleepUntil(next, signal);
    if (signal.aborted || performance.now() >= endAt) return;
    await step();
    next = Math.max(next + everyMs * jitter(), performance.now());
  }
}

/**
 * The state machine's rule (lib/activations/state-machine.ts), reimplemented for the bench:
 * Finish once a code came; Cancel while waiting, past the early-cancel window, before expiry.
 * Rows with an action in flight show a spinner in the table, so nobody clicks them.
 */
export function clickableAction(activation, key, nowMs) {
  if (activation.pendingAction || activation.checking) return null;
  const providerNow = nowMs + (key?.clockOffsetMs ?? 0);
  if (activation.state === "code_received" || activation.state === "waiting_retry") return 6;
  const earlyCancelMs = (key?.earlyCancelSeconds ?? 120) * 1000;
  if (
    activation.state === "waiting" &&
    providerNow < activation.expiresAtMs &&
    providerNow - activation.purchasedAtMs >= earlyCancelMs
  ) {
    return 8;
  }
  return null;
}

/**
 * @param {{ appUrl: string, cookie: string, ids: Record<string,string>, stats: any,
 *   endAt: number, signal: AbortSignal, clickEveryMs: number, orderEveryMs: number | null }} o
 *   orderEveryMs: this operator orders a number that often; null for operators who never order.
 */
export async function runOperator(o) {
  let view = null;

  const pollActivations = async () => {
    const result = await getJson(o.appUrl, "/api/activations", o.cookie);
    o.stats.poll("activations", result);
    if (result.body) view = result.body;
  };
  const pollAccount = async () =>
    o.stats.poll("account", await getJson(o.appUrl, "/api/account", o.cookie));

  const click = async () => {
    if (!view) return;
    const keys = new Map(view.keys.map((k) => [k.id, k]));
    const now = Date.now();
    const candidates = view.activations.flatMap((a) => {
      const status = clickableAction(a, keys.get(a.keyId), now);
      // An id is unique per key only: the action takes both.
      return status ? [{ keyId: a.keyId, id: a.id, status }] : [];
    });
    if (candidates.length === 0) return;
    const input = candidates[Math.floor(Math.random() * candidates.length)];
    o.stats.action(
      "setStatus",
      await callAction(o.appUrl, "/activations", o.ids.setActivationStatus, o.cookie, input),
    );
  };

  const order = async () => {
    const keyId = view?.keys[0]?.id;
    if (!keyId) return;
    const input = {
      keyId,
      service: SERVICES[Math.floor(Math.random() * SERVICES.length)],
      country: COUNTRIES[Math.floor(Math.random() * COUNTRIES.length)],
      orderId: randomUUID(),
    };
    o.stats.action(
      "order",
      await callAction(o.appUrl, "/activations", o.ids.orderNumberAction, o.cookie, input),
    );
  };

  const loops = [
    every(
      ACTIVATIONS_EVERY_MS,
      Math.random() * ACTIVATIONS_EVERY_MS,
      o.endAt,
      o.signal,
      pollActivations,
    ),
    every(ACCOUNT_EVERY_MS, Math.random() * ACCOUNT_EVERY_MS, o.endAt, o.signal, pollAccount),
    // Clicks 0.5–1.5 periods apart, so operators do not click in step.
    every(
      o.clickEveryMs,
      ACTIVATIONS_EVERY_MS + Math.random() * o.clickEveryMs,
      o.endAt,
      o.signal,
      click,
      () => 0.5 + Math.random(),
    ),
  ];
  if (o.orderEveryMs)
    loops.push(
      every(
        o.orderEveryMs,
        ACTIVATIONS_EVERY_MS + Math.random() * o.orderEveryMs,
        o.endAt,
        o.signal,
        order,
      ),
    );
  await Promise.all(loops);
}
