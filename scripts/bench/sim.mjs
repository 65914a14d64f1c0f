// The simulator's control API (lib/simulator/README.md): work for the operators before they
// start, and the provider traffic the app caused, read back from the simulator's request log.

/** One call to the simulator's control API, as JSON; a non-2xx answer throws. */
export async function simControl(simUrl, method, route, body) {
  const response = await fetch(`${simUrl}${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`simulator ${method} ${route}: HTTP ${response.status}`);
  return response.json();
}

const SERVICES = ["tg", "wa", "go", "fb", "ig", "ds"];
const COUNTRIES = ["0", "6", "12", "16"];

/**
 * Activations bought "by a script" with the team's key, so work turns up all through the run
 * rather than in one burst at the start: `cancellable` ones cross the early-cancel window
 * (120 s) one after another over `spreadSeconds`, and `coded` ones wait for deliverCodes.
 * The app's sync finds them in getActiveActivations like any other. Returns the ids to code.
 */
export async function primeWork(simUrl, apiKey, { cancellable, coded, spreadSeconds }) {
  const toCode = [];
  for (let i = 0; i < cancellable + coded; i++) {
    const isCoded = i >= cancellable;
    const bought = await simControl(simUrl, "POST", "/__sim/activations", {
      key: apiKey,
      service: SERVICES[i % SERVICES.length],
      country: COUNTRIES[i % COUNTRIES.length],
      ageSeconds: isCoded ? 30 : Math.max(0, 121 - Math.round((i * spreadSeconds) / cancellable)),
      autoSms: false,
    });
    if (isCoded) toCode.push(bought.id);
  }
  return toCode;
}

/** The provider's side: an SMS for each id, evenly over [now, endAt) (performance.now() time). */
export async function deliverCodes(simUrl, ids, endAt, signal) {
  const gapMs = Math.max(0, endAt - performance.now()) / ids.length;
  for (const id of ids) {
    if (signal.aborted || performance.now() >= endAt) return;
    await simControl(simUrl, "POST", `/__sim/activations/${id}/sms`, {});
    await new Promise((r) => setTimeout(r, gapMs));
  }
}

/** Drops what the simulator logged before the measured window. */
export async function clearRequestLog(simUrl) {
  await fetch(`${simUrl}/__sim/requests`, {
    method: "DELETE",
    signal: AbortSignal.timeout(10_000),
  });
}

/**
 * Provider calls per key per minute, by action, over [fromMs, toMs]. The log keeps its last
 * 10,000 calls only: `truncated` says the oldest of the window may be missing.
 */
export async function providerRates(simUrl, fromMs, toMs) {
  const entries = await simControl(simUrl, "GET", "/__sim/requests");
  const minutes = (toMs - fromMs) / 60_000;
  const inWindow = entries.filter((e) => {
    const at = Date.parse(e.at);
    return at >= fromMs && at <= toMs;
  });
  const perKey = {};
  for (const e of inWindow) {
    const key = `…${e.keySuffix}`;
    const action =
      e.action === "setStatus" && e.status ? `setStatus=${e.status}` : (e.action ?? "?");
    perKey[key] ??= {};
    perKey[key][action] = (perKey[key][action] ?? 0) + 1;
  }
  for (const actions of Object.values(perKey)) {
    for (const action of Object.keys(actions))
      actions[action] = Math.round((actions[action] / minutes) * 10) / 10;
  }
  const failed = inWindow.filter((e) => e.httpStatus !== 200).length;
  return {
    perKeyPerMinute: perKey,
    calls: inWindow.length,
    notAnswered200: failed,
    truncated: entries.length >= 10_000,
  };
}
