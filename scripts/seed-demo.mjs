// Demo data: activations in every state, made through the simulator as if a script had bought
// them with the same key. The app's sync loop discovers them like any other activation.

async function sim(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function protocol(base, apiKey, params) {
  const query = new URLSearchParams({ api_key: apiKey, ...params });
  return (await fetch(`${base}/stubs/handler_api.php?${query}`)).text();
}

export async function seedDemo(base, apiKey) {
  const buy = (service, country, ageSeconds, autoSms = false) =>
    sim(base, "POST", "/__sim/activations", { key: apiKey, service, country, ageSeconds, autoSms });

  // Waiting, still inside the early-cancel window (its Cancel counts down).
  await buy("tg", "73", 30, true);
  // Waiting, past the window: Cancel is enabled.
  await buy("wa", "187", 200, true);
  // Code received.
  const coded = await buy("go", "16", 90);
  await sim(base, "POST", `/__sim/activations/${coded.id}/sms`, {});
  // Waiting for another SMS (a new code arrives later).
  const retry = await buy("ig", "6", 150);
  await sim(base, "POST", `/__sim/activations/${retry.id}/sms`, {});
  await protocol(base, apiKey, { action: "setStatus", id: retry.id, status: "3" });
  // Finished and cancelled elsewhere: sync learns how they ended.
  const finished = await buy("fb", "73", 400);
  await sim(base, "POST", `/__sim/activations/${finished.id}/sms`, {});
  const cancelled = await buy("ds", "0", 400);
  // About to expire with no code: it turns "Expired" within a minute.
  await buy("ot", "12", 1170);
  // Let sync see the first two in their live state before they end.
  await new Promise((r) => setTimeout(r, 4000));
  await protocol(base, apiKey, { action: "setStatus", id: finished.id, status: "6" });
  await protocol(base, apiKey, { action: "setStatus", id: cancelled.id, status: "8" });
}
