// The simulator pushing SMS like HeroSMS does: per key, a webhook URL (set through the control
// API, loopback only); when an SMS arrives for one of the key's activations, the activation
// payload is POSTed as JSON, and retried on anything but a 200 up to 7 times, 20–30 s apart
// (shorter in tests: SIM_WEBHOOK_RETRY_MS, or `retryMs` per key). Also the "poll lag": per key,
// an SMS stays invisible to getStatus and getActiveActivations for a while, as if the provider's
// lists were slower than its push (tests use it to show a code came by webhook, not by sync).
import type { EngineCore } from "./engine-types";
import type { LatencyRange } from "./http-util";
import { type Activation, formatSimTime, keySuffix, type SimSms } from "./types";

export const WEBHOOK_RETRIES = 7;
export const DEFAULT_RETRY_MS: LatencyRange = { min: 20_000, max: 30_000 };
const LOG_LIMIT = 500;
const PUSH_TIMEOUT_MS = 10_000;

export type WebhookAttempt = {
  keySuffix: string;
  activationId: string;
  receivedAt: string;
  /** 1 for the first push, up to 1 + WEBHOOK_RETRIES. */
  attempt: number;
  /** The HTTP status the URL answered, 0 when it did not answer. */
  status: number;
  at: string;
};

type Target = { url: string; retry: LatencyRange };

/** Only this machine: the simulator must never be made to POST anywhere else. */
export function isLoopbackUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function createWebhookPusher(options: { retry?: LatencyRange | null; random?: () => number } = {}) {
  const random = options.random ?? Math.random;
  const defaultRetry = options.retry ?? DEFAULT_RETRY_MS;
  const targets = new Map<string, Target>();
  const lags = new Map<string, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const attempts: WebhookAttempt[] = [];

  function payload(act: Activation, sms: SimSms) {
    return {
      activationId: Number(act.id),
      service: act.service,
      text: sms.text,
      code: sms.code,
      country: Number(act.country),
      receivedAt: formatSimTime(sms.at),
    };
  }

  async function push(target: Target, act: Activation, body: ReturnType<typeof payload>, attempt: number) {
    let status = 0;
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      // No answer: retried like any non-200.
    }
    attempts.push({ keySuffix: keySuffix(act.key), activationId: act.id, receivedAt: body.receivedAt, attempt, status, at: new Date().toISOString() });
    if (attempts.length > LOG_LIMIT) attempts.shift();
    if (status === 200 || attempt > WEBHOOK_RETRIES) return;
    const { min, max } = target.retry;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void push(target, act, body, attempt + 1);
    }, min + Math.round(random() * (max - min)));
    timer.unref?.();
    timers.add(timer);
  }

  /** Hides SMS younger than the key's lag from a read: a copy, never the live activation. */
  function lagged(act: Activation | undefined, cutoff: number): Activation | undefined {
    if (!act) return act;
    const sms = act.sms.filter((s) => s.at <= cutoff);
    if (sms.length === act.sms.length) return act;
    const state = act.state === "code_received" ? (sms.length === 0 ? "waiting" : "waiting_retry") : act.state;
    return { ...act, sms, state };
  }

  return {
    /** Sets (or with null, removes) a key's webhook URL; `retry` overrides the retry interval. */
    setTarget(key: string, url: string | null, retry?: LatencyRange): void {
      if (url === null) targets.delete(key);
      else targets.set(key, { url, retry: retry ?? defaultRetry });
    },
    /** Hides a key's SMS from polling for `ms` after they arrive (0: none). */
    setPollLag(key: string, ms: number): void {
      if (ms > 0) lags.set(key, ms);
      else lags.delete(key);
    },
    smsReceived(act: Activation, sms: SimSms): void {
      const target = targets.get(act.key);
      if (target) void push(target, act, payload(act, sms), 1);
    },
    /** The core a read-only protocol call sees for `key`: its lag applied. */
    readView(core: EngineCore, key: string): EngineCore {
      const lag = lags.get(key);
      if (!lag) return core;
      const cutoff = core.now() - lag;
      return {
        ...core,
        find: (k, id) => lagged(core.find(k, id), cutoff),
        listActive: (k) => core.listActive(k).map((act) => lagged(act, cutoff) as Activation),
      };
    },
    attempts: (): WebhookAttempt[] => [...attempts],
    clear(): void {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      targets.clear();
      lags.clear();
      attempts.length = 0;
    },
  };
}

export type WebhookPusher = ReturnType<typeof createWebhookPusher>;
