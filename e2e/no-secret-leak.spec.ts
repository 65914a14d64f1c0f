import { API_KEY, expect, test } from "./fixtures";

// The provider key lives only on the server. Every byte the browser receives is searched for
// the distinctive test key: documents, script chunks, RSC payloads, action and API responses.

test("no page, script or response the browser receives contains the API key", async ({
  sim,
  activations,
  page,
  request,
}) => {
  expect(API_KEY.length).toBeGreaterThan(8);
  const bodies: { url: string; body: string }[] = [];
  page.on("response", async (response) => {
    try {
      bodies.push({ url: response.url(), body: (await response.body()).toString("utf8") });
    } catch {
      // Redirects and aborted requests have no body.
    }
  });

  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "135790");
  await activations.goto();
  await expect(activations.codes(id)).toContainText("135790");
  await activations.button(id, "Finish").click();
  await expect(activations.status(id)).toHaveText("Finished");
  await page.getByRole("button", { name: "Order number" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Buy number" }).click();
  await expect(activations.toast(/ordered/)).toBeVisible();
  await sim.fault({ action: "getBalance", kind: "token", token: "BAD_KEY", times: 3 });
  await page.getByLabel("Language").selectOption("pt-BR");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ativações");

  // What a browser could fetch directly, RSC payload included.
  for (const [path, headers] of [
    ["/activations", {}],
    ["/activations", { RSC: "1" }],
    ["/api/activations", {}],
    ["/api/account", {}],
    ["/api/health", {}],
  ] as const) {
    const response = await request.get(path, { headers });
    bodies.push({ url: `${path} ${JSON.stringify(headers)}`, body: await response.text() });
  }

  const scripts = bodies.filter((b) => b.url.includes("/_next/static/"));
  expect(scripts.length, "script chunks were loaded and checked").toBeGreaterThan(0);
  expect(bodies.some((b) => b.url.includes("/activations"))).toBe(true);
  const leaks = bodies.filter((b) => b.body.includes(API_KEY)).map((b) => b.url);
  expect(leaks).toEqual([]);
});
