import { type APIRequestContext, type Page, request as playwrightRequest } from "@playwright/test";
import { axeViolations } from "./axe";
import { expect, test } from "./fixtures";
import { NO_COOKIES } from "./roles";

// Dark mode (follows the system, switchable, remembered), the icon and the web app manifest.
// Axe over every page in both themes is e2e/a11y.spec.ts; here the switch, what it remembers,
// and what a phone needs to put the dashboard on its home screen, signed out.

const html = (page: Page) => page.locator("html");
const DARK = /(^|\s)dark(\s|$)/;
const LIGHT = /(^|\s)light(\s|$)/;
const bodyBackground = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test.describe("the theme switch", () => {
  test.use({ colorScheme: "light" });

  test("picks dark over a light system, is remembered across a reload, and 'system' follows the OS again", async ({
    page,
    sim,
    activations,
  }) => {
    const { id } = await sim.createActivation();
    await sim.deliverSms(id, "424242");
    await activations.goto();
    await expect(html(page)).toHaveClass(LIGHT);
    const lightBackground = await bodyBackground(page);
    const switcher = page.getByRole("group", { name: "Theme" });
    await expect(switcher.getByRole("button", { name: "System theme" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );

    await switcher.getByRole("button", { name: "Dark theme" }).click();
    await expect(html(page)).toHaveClass(DARK);
    await expect(switcher.getByRole("button", { name: "Dark theme" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    // The dark tokens apply, not just the class.
    expect(await bodyBackground(page)).not.toBe(lightBackground);
    expect(await page.evaluate(() => localStorage.getItem("theme"))).toBe("dark");
    // The switched page (a row with a code, the header, the switch) passes axe in the dark.
    await expect(activations.codes(id)).toContainText("424242");
    expect(await axeViolations(page, "dark")).toEqual([]);

    // Remembered: dark from the first paint after a reload (the inline script, under the CSP).
    const cspErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text()))
        cspErrors.push(m.text());
    });
    await page.reload({ waitUntil: "domcontentloaded" });
    await expect(html(page)).toHaveClass(DARK);
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await expect(switcher.getByRole("button", { name: "Dark theme" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );

    // Light on a dark system is a choice too.
    await page.emulateMedia({ colorScheme: "dark" });
    await switcher.getByRole("button", { name: "Light theme" }).click();
    await expect(html(page)).toHaveClass(LIGHT);
    expect(await axeViolations(page, "light")).toEqual([]);

    // "System" follows the preference, also when it changes while the page is open.
    await switcher.getByRole("button", { name: "System theme" }).click();
    await expect(html(page)).toHaveClass(DARK);
    await page.emulateMedia({ colorScheme: "light" });
    await expect(html(page)).toHaveClass(LIGHT);
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(html(page)).toHaveClass(DARK);
    expect(await page.evaluate(() => localStorage.getItem("theme"))).toBe("system");
    expect(cspErrors).toEqual([]);
  });

  test("is on the sign-in page too, and remembered there", async ({ browser }) => {
    const context = await browser.newContext({ storageState: NO_COOKIES, colorScheme: "light" });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await expect(html(page)).toHaveClass(LIGHT);
    await page.getByRole("button", { name: "Dark theme" }).click();
    await expect(html(page)).toHaveClass(DARK);
    await page.reload();
    await expect(html(page)).toHaveClass(DARK);
    expect(await axeViolations(page, "dark")).toEqual([]);
    await context.close();
  });
});

/** Fetches `path` signed out and checks it is an image: no redirect to /sign-in. */
async function expectImage(anonymous: APIRequestContext, path: string): Promise<Buffer> {
  const response = await anonymous.get(path, { maxRedirects: 0 });
  expect(response.status(), path).toBe(200);
  expect(response.headers()["content-type"], path).toMatch(/^image\//);
  return response.body();
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer): string {
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
}

test("the manifest, the icons and the favicon are served to a signed-out phone", async ({
  baseURL,
  browser,
}) => {
  const anonymous = await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES });
  const response = await anonymous.get("/manifest.webmanifest", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    name: "SMS Desk",
    short_name: "SMS Desk",
    start_url: "/activations",
    display: "standalone",
  });
  const sizes = new Set<string>();
  for (const icon of manifest.icons) {
    const body = await expectImage(anonymous, icon.src);
    if (icon.type === "image/png") {
      expect(pngSize(body), icon.src).toBe(icon.sizes);
      sizes.add(icon.sizes);
    }
  }
  // What Chrome asks for before it offers "Install" / "Add to home screen".
  expect([...sizes]).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  expect(manifest.icons.some((icon) => icon.purpose === "maskable")).toBe(true);

  // The page links them all (favicon, apple-touch-icon, manifest), and they load signed out.
  const context = await browser.newContext({ storageState: NO_COOKIES });
  const page = await context.newPage();
  const pageResponse = await page.goto("/sign-in");
  expect(pageResponse?.headers()["content-security-policy"]).toContain("manifest-src 'self'");
  const href = (selector: string) => page.locator(selector).first().getAttribute("href");
  const favicon = await href('link[rel="icon"][type="image/svg+xml"]');
  expect(favicon).toMatch(/^\/icon\.svg/);
  expect((await expectImage(anonymous, favicon ?? "")).toString("utf8")).toContain("<svg");
  expect(
    pngSize(await expectImage(anonymous, (await href('link[rel="apple-touch-icon"]')) ?? "")),
  ).toBe("180x180");
  await expectImage(anonymous, "/favicon.ico");
  expect(await href('link[rel="manifest"]')).toBe("/manifest.webmanifest");

  // The browser itself loads and parses the manifest under the page's CSP.
  const cdp = await context.newCDPSession(page);
  const parsed = (await cdp.send("Page.getAppManifest")) as { errors: unknown[]; data?: string };
  expect(parsed.errors).toEqual([]);
  expect(parsed.data).toContain('"SMS Desk"');
  await context.close();
  await anonymous.dispose();
});

test("a code notification carries the app's icon and badge", async ({
  sim,
  activations,
  page,
  baseURL,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as { shown: { title: string; icon?: string; badge?: string }[] };
    w.shown = [];
    Object.defineProperty(window, "Notification", {
      value: class {
        static permission = "granted";
        static requestPermission = async () => "granted";
        constructor(title: string, options?: { icon?: string; badge?: string }) {
          w.shown.push({ title, icon: options?.icon, badge: options?.badge });
        }
      },
    });
    localStorage.setItem("sms-desk:code-alerts", "on");
  });
  const { id } = await sim.createActivation();
  await activations.goto();
  await expect(activations.row(id)).toBeVisible();
  await sim.deliverSms(id, "577215");
  await expect(activations.codes(id)).toContainText("577215");
  const shown = () =>
    page.evaluate(
      () =>
        (window as unknown as { shown: { title: string; icon?: string; badge?: string }[] }).shown,
    );
  await expect.poll(async () => (await shown()).map((n) => n.title)).toContain("Code 577215");
  const notification = (await shown()).find((n) => n.title === "Code 577215");
  expect(notification?.icon).toBeTruthy();
  expect(notification?.badge).toBeTruthy();
  const anonymous = await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES });
  for (const src of [notification?.icon, notification?.badge])
    await expectImage(anonymous, src ?? "");
  await anonymous.dispose();
});
