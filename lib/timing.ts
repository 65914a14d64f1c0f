import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { log } from "@/lib/log";

// Where a server action's time goes (issue 9: "a fast click"), at LOG_LEVEL=debug only: the
// action builder opens a timing, the layers below mark the end of each phase (session, schema,
// reads, claim, call, settle, …), and one debug line lists them. At any other level `timedRun`
// is a plain call and `phase` a no-op, so production pays nothing for it.
// `npm run bench:ui` (scripts/bench/ui-click.mjs) reads these lines for its breakdown.

type Timing = {
  name: string;
  at: number;
  phases: Record<string, number>;
  fields: Record<string, unknown>;
};

// On globalThis: the action, route and instrumentation bundles each get their own module copy.
const store = globalThis as unknown as { smsDeskTiming?: AsyncLocalStorage<Timing> };
store.smsDeskTiming ??= new AsyncLocalStorage<Timing>();
const timings = store.smsDeskTiming;

/** Runs `fn`, and at debug level logs how long each phase marked inside it took (ms). */
export async function timedRun<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!log.isLevelEnabled("debug")) return fn();
  const started = performance.now();
  // The process's CPU time too: unlike wall time, barely moved by a busy machine.
  const cpuStarted = cpuMs();
  const timing: Timing = { name, at: started, phases: {}, fields: {} };
  try {
    return await timings.run(timing, fn);
  } finally {
    phaseOf(timing, "rest");
    const ms = round(performance.now() - started);
    const cpu = round(cpuMs() - cpuStarted);
    const startedAt = performance.timeOrigin + started;
    log.debug(
      { timing: name, ms, cpu, startedAt, phases: timing.phases, ...timing.fields },
      "timing",
    );
  }
}

/** Ends the current phase under `name` (the time since the previous mark); no-op outside a timing. */
export function phase(name: string, fields?: Record<string, unknown>): void {
  const timing = timings.getStore();
  if (!timing) return;
  phaseOf(timing, name);
  if (fields) Object.assign(timing.fields, fields);
}

function phaseOf(timing: Timing, name: string): void {
  const now = performance.now();
  // Repeated names add up (two reads marked "reads" are one phase).
  timing.phases[name] = round((timing.phases[name] ?? 0) + now - timing.at);
  timing.at = now;
}

/** The process's CPU time so far (user + system), ms: whatever else the process ran meanwhile counts too. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
