import fs from "node:fs";
import path from "node:path";
import { E2E_DATA_DIR, E2E_DB_FILE, e2eUsesPostgres, queryDb } from "./db";
import { API_KEY, expect, test } from "./fixtures";
import { storageStateFor } from "./roles";

// Provider keys live only on the server. Every byte a browser receives (documents, script
// chunks, RSC payloads, action and API responses), every server log line, every audit row and
// the database file itself is searched for the distinctive demo key.


async function collectBodies(page: import("@playwright/test").Page, into: { url: string; body: string }[]) {
  page.on("response", async (response) => {
    try {
      into.push({ url: response.url(), body: (await response.body()).toString("utf8") });
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
}

test("no page, script or response an operator receives contains the API key", async ({ sim, activations, page, request }) => {
  expect(API_KEY.length).toBeGreaterThan(8);
  const bodies: { url: string; body: string }[] = [];
  await collectBodies(page, bodies);

  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "135790");
  await activations.goto();
  await expect(activations.codes(id)).toContainText("135790");
  await activations.button(id, "Finish").click();
  await expect(activations.status(id)).toHaveText("Finished");
  await page.getByRole("button", { name: "Order number" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Buy number" }).click();
  await expect(activations.toast(/ordered/)).toBeVisible();
  await page.getByLabel("Language").selectOption("pt-BR");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ativações");
  await page.getByLabel("Idioma").selectOption("en");

  for (const [url, headers] of [
    ["/activations", {}],
    ["/activations", { RSC: "1" }],
    ["/api/activations", {}],
    ["/api/account", {}],
    ["/api/health", {}],
  ] as const) {
    const response = await request.get(url, { headers });
    bodies.push({ url: `${url} ${JSON.stringify(headers)}`, body: await response.text() });
  }

  expect(bodies.filter((b) => b.url.includes("/_next/static/")).length, "script chunks were checked").toBeGreaterThan(0);
  expect(bodies.filter((b) => b.body.includes(API_KEY)).map((b) => b.url)).toEqual([]);
});

test.describe("as an admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("no admin page, action response, log line, audit row or database byte contains the key", async ({ page, request }) => {
    const bodies: { url: string; body: string }[] = [];
    await collectBodies(page, bodies);
    await page.goto("/keys");
    const row = page.getByTestId("key-Simulator");
    await expect(row.getByTestId("secret-mask")).toHaveText(`••••${API_KEY.slice(-4)}`);
    await row.getByRole("button", { name: "Test" }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Balance" })).toBeVisible();
    await page.goto("/team");
    await page.goto("/audit");
    for (const url of ["/keys", "/team", "/audit", "/api/audit/export"]) {
      const response = await request.get(url);
      bodies.push({ url, body: await response.text() });
      const rsc = await request.get(url, { headers: { RSC: "1" } });
      bodies.push({ url: `${url} RSC`, body: await rsc.text() });
    }
    expect(bodies.filter((b) => b.body.includes(API_KEY)).map((b) => b.url)).toEqual([]);

    const log = fs.readFileSync(path.join(E2E_DATA_DIR, "server.log"), "utf8");
    expect(log.length, "the server log was captured").toBeGreaterThan(0);
    expect(log).toContain("api_key=***");
    expect(log.includes(API_KEY)).toBe(false);

    const rows = await queryDb("SELECT * FROM audit_log");
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows).includes(API_KEY)).toBe(false);
    const sealed = await queryDb("SELECT secret_sealed FROM provider_keys");
    expect(sealed.length).toBeGreaterThan(0);
    expect(JSON.stringify(sealed).includes(API_KEY)).toBe(false);
    // The SQLite file's bytes too (free pages and the WAL keep what rows no longer show).
    if (!e2eUsesPostgres()) {
      for (const suffix of ["", "-wal"]) {
        const file = E2E_DB_FILE + suffix;
        if (fs.existsSync(file)) expect(fs.readFileSync(file).includes(API_KEY)).toBe(false);
      }
    }
  });
});
