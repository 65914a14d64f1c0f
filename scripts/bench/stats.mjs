// Counting and latency for one phase of the load benchmark. Every request is recorded under a
// kind ("activations", "account", "setStatus", "order") as ok, a refusal, or an error.

// Refusals the product is designed to give when many operators click the same rows: the guard
// (one action per activation at a time) and the state machine (the row moved on meanwhile).
export const APP_REFUSALS = /^(ACTION_IN_PROGRESS|ORDER_IN_PROGRESS|NOT_ALLOWED_[A-Z_]+)$/;
// The provider's own "no" when its state moved on before our sync saw it (a code arrived just
// before a cancel, the lifetime ended…). Races with the provider, not faults of the app.
export const PROVIDER_REFUSALS = new Set([
  "BAD_STATUS",
  "EARLY_CANCEL_DENIED",
  "NO_ACTIVATION",
  "WRONG_ACTIVATION_ID",
  "ACTIVATION_NOT_ACTIVE",
  "OTP_RECEIVED",
  "NEW_OTP_RECEIVED",
  "FREE_CANCELLATION_EXPIRED",
  "NO_NUMBERS",
]);

export function createStats() {
  const kinds = new Map();
  const kind = (name) => {
    let k = kinds.get(name);
    if (!k) {
      k = {
        count: 0,
        ok: 0,
        latencies: [],
        okLatencies: [],
        refusals: {},
        providerRefusals: {},
        errors: {},
      };
      kinds.set(name, k);
    }
    return k;
  };
  const bump = (counts, key) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };

  return {
    /** A read: ok when it answered 200 with JSON. */
    poll(name, result) {
      const k = kind(name);
      k.count++;
      k.latencies.push(result.ms);
      if (result.failure) bump(k.errors, result.failure);
      else k.ok++;
    },
    /** A server action: ok, an expected refusal, or an error (anything unexpected). */
    action(name, result) {
      const k = kind(name);
      k.count++;
      k.latencies.push(result.ms);
      if (result.failure) return bump(k.errors, result.failure);
      const code = result.envelope.error?.code;
      if (!code) {
        k.ok++;
        k.okLatencies.push(result.ms);
      } else if (APP_REFUSALS.test(code)) bump(k.refusals, code);
      else if (PROVIDER_REFUSALS.has(code)) bump(k.providerRefusals, code);
      else bump(k.errors, code);
    },
    rawLatencies(name) {
      return kinds.get(name)?.latencies ?? [];
    },
    summary() {
      const out = {};
      for (const [name, k] of kinds) {
        const { latencies, okLatencies, ...counts } = k;
        // For actions, the successful ones apart: they include the provider's answer.
        out[name] = {
          ...counts,
          latencyMs: percentiles(latencies),
          okLatencyMs: percentiles(okLatencies),
        };
      }
      return out;
    },
  };
}

/** p50/p95/p99/max of a list of milliseconds (nearest rank), rounded to 0.1 ms. */
export function percentiles(values) {
  if (values.length === 0) return { p50: null, p95: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const round = (v) => Math.round(v * 10) / 10;
  return {
    p50: round(rank(50)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(sorted.at(-1)),
  };
}

/** All the latencies of some kinds together (e.g. every action). */
export function mergedPercentiles(stats, names) {
  return percentiles(names.flatMap((n) => stats.rawLatencies(n)));
}

export function totalErrors(summary) {
  let n = 0;
  for (const k of Object.values(summary)) for (const c of Object.values(k.errors)) n += c;
  return n;
}
