import { type BrowserContext, type Page, request as playwrightRequest, type Route } from "@playwright/test";
import { readDb } from "./db";
import { expect, test } from "./fixtures";
import { ADMIN, NO_COOKIES, OPERATOR, signIn } from "./roles";

// Pushed updates: GET /api/activations/stream tells an open table to refetch at once. While the
// stream is up the table polls only every 30 s (a safety net); while it is down, every 2 s.

const STREAM = /\/api\/activations\/stream(\?|$)/;
const POLL = /\/api\/activations(\?|$)/;
/** The slow poll while the stream is live (STREAM_SAFETY_POLL_MS). */
const SAFETY_POLL_MS = 30_000;

/** Opens the stream from Node with a context's cookies; resolves once the headers are in. */
async function openStream(baseURL: string, context: BrowserContext) {
  const cookie = (await context.cookies(baseURL)).map((c) => `${c.name}=${c.value}`).join("; ");
  const abort = new AbortController();
  const response = await fetch(new URL("/api/activations/stream", baseURL), {
    headers: { cookie, accept: "text/event-stream" },
    signal: abort.signal,
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  return {
    response,
    /** The next chunk of the stream, or null once the server ended it. */
    async next(): Promise<string | null> {
      const chunk = await reader?.read();
      return !chunk || chunk.done ? null : decoder.decode(chunk.value);
    },
    close: () => abort.abort(),
  };
}

/** Every GET /api/activations (not the stream) this page sends, in order. */
function recordPolls(page: Page): number[] {
  const at: number[] = [];
  page.on("request", (request) => {
    if (request.method() === "GET" && POLL.test(request.url())) at.push(Date.now());
  });
  return at;
}

const storedCodes = (id: string) =>
  (readDb<{ codes: string }>("SELECT codes FROM activations WHERE id = ?", id)[0]?.codes ?? "[]") as string;

test("the stream refuses a signed-out visitor and answers a member with an uncached event stream", async ({
  baseURL,
  context,
}) => {
  const anonymous = await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES });
  const refused = await anonymous.get("/api/activations/stream");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toContain("application/json");
  await anonymous.dispose();

  const stream = await openStream(baseURL ?? "", context);
  try {
    expect(stream.response.status).toBe(200);
    const headers = stream.response.headers;
    expect(headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(headers.get("x-accel-buffering")).toBe("no");
    expect(headers.get("content-encoding")).toBeNull();
    expect(await stream.next()).toContain("event: hello");
  } finally {
    stream.close();
  }
});

test("a new code shows in the open table at once, not at the next poll", async ({ sim, activations, page }) => {
  const { id } = await sim.createActivation();
  const polls = recordPolls(page);
  await activations.goto();
  const section = page.locator("section[data-stream]");
  await expect(section).toHaveAttribute("data-stream", "live");
  const liveAt = Date.now();
  await expect(activations.row(id)).toBeVisible();

  // Live means slow: no 2 s poll in a quiet moment.
  await page.waitForTimeout(500);
  const quietFrom = polls.length;
  await page.waitForTimeout(2500);
  expect(polls.length - quietFrom).toBe(0);

  const deliveredAt = Date.now();
  await sim.deliverSms(id, "314159");
  await expect(activations.codes(id)).toContainText("314159", { timeout: 3000 });
  const shownAt = Date.now();
  expect(shownAt - deliveredAt).toBeLessThan(3000);
  // The safety poll first runs 30 s after the stream went live: it cannot be what showed the code.
  expect(shownAt - liveAt).toBeLessThan(SAFETY_POLL_MS - 2000);
  await expect(section).toHaveAttribute("data-stream", "live");
});

test("with the stream down the 2 s poll keeps the table current, and a reconnect refetches", async ({
  sim,
  activations,
  page,
}) => {
  const first = await sim.createActivation();
  const second = await sim.createActivation();
  const blockStream = (route: Route) => route.abort();
  await page.route(STREAM, blockStream);
  await activations.goto();
  const section = page.locator("section[data-stream]");
  await expect(section).toHaveAttribute("data-stream", "down");

  // Down: the fast poll still brings the first code.
  await sim.deliverSms(first.id, "271828");
  await expect(activations.codes(first.id)).toContainText("271828");
  await expect(section).toHaveAttribute("data-stream", "down");

  // Hold the polls, so only the reconnect can fetch the second code.
  const releasePolls = await activations.holdPolls();
  await sim.deliverSms(second.id, "161803");
  await expect.poll(() => storedCodes(second.id)).toContain("161803");
  await page.waitForTimeout(1000);
  await expect(activations.row(second.id)).not.toContainText("161803");

  const events: string[] = [];
  page.on("response", (response) => {
    if (STREAM.test(response.url()) && response.status() === 200) events.push("stream-open");
  });
  page.on("request", (request) => {
    if (request.method() === "GET" && POLL.test(request.url()) && !STREAM.test(request.url())) events.push("poll");
  });
  await page.unroute(STREAM, blockStream);
  await expect(section).toHaveAttribute("data-stream", "live", { timeout: 20_000 });
  // A held poll never starts another (one fetch at a time): a request after the stream opened is
  // the reconnect's refetch.
  const afterOpen = () => (events.includes("stream-open") ? events.slice(events.indexOf("stream-open") + 1) : []);
  await expect.poll(afterOpen).toContain("poll");
  await releasePolls();
  await expect(activations.codes(second.id)).toContainText("161803");
});

test("a hidden tab lets go of its stream and polls; shown again it reconnects", async ({
  sim,
  activations,
  page,
}) => {
  const { id } = await sim.createActivation();
  await activations.goto();
  const section = page.locator("section[data-stream]");
  await expect(section).toHaveAttribute("data-stream", "live");
  const setVisibility = (state: "hidden" | "visible") =>
    page.evaluate((value) => {
      Object.defineProperty(document, "visibilityState", { value, configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    }, state);

  await setVisibility("hidden");
  await expect(section).toHaveAttribute("data-stream", "down");
  // Hidden, it still polls (every 2 s), as before streams existed.
  await sim.deliverSms(id, "141421");
  await expect(activations.codes(id)).toContainText("141421");

  const reopened = page.waitForResponse((r) => STREAM.test(r.url()) && r.status() === 200);
  await setVisibility("visible");
  await reopened;
  await expect(section).toHaveAttribute("data-stream", "live");
});

test("a stream whose session ends is closed by the server", async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const context = await browser.newContext({ storageState: NO_COOKIES });
  const page = await context.newPage();
  await signIn(page, OPERATOR);
  const stream = await openStream(baseURL ?? "", context);
  try {
    expect(stream.response.status).toBe(200);
    expect(await stream.next()).toContain("event: hello");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    // The session is re-checked with every heartbeat (15 s): the stream ends within one beat.
    const endedWithin = async () => {
      for (;;) if ((await stream.next()) === null) return true;
    };
    expect(await Promise.race([endedWithin(), new Promise((r) => setTimeout(() => r(false), 25_000))])).toBe(true);
  } finally {
    stream.close();
    await context.close();
  }
});

test("steady changes and a slow table answer: every answer lands, the balance is not refetched per change", async ({
  sim,
  activations,
  page,
}) => {
  test.setTimeout(60_000);
  const { id } = await sim.createActivation();
  // Every EventSource the page opens, so the test can play a busy team's `change` events on it.
  await page.addInitScript(() => {
    const Original = window.EventSource;
    const opened: EventSource[] = [];
    (window as unknown as { openedSources: EventSource[] }).openedSources = opened;
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        opened.push(this);
      }
    };
  });
  await activations.goto();
  const section = page.locator("section[data-stream]");
  await expect(section).toHaveAttribute("data-stream", "live");
  await expect(activations.row(id)).toBeVisible();

  // Each table answer takes 400 ms; a change arrives every 150 ms, without end.
  const slow = async (route: Route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue().catch(() => undefined);
  };
  await page.route(POLL, slow);
  const accountAt: number[] = [];
  page.on("request", (request) => {
    if (/\/api\/account(\?|$)/.test(request.url())) accountAt.push(Date.now());
  });
  await page.evaluate(() => {
    const sources = (window as unknown as { openedSources: EventSource[] }).openedSources;
    (window as unknown as { busy: number }).busy = window.setInterval(() => {
      sources.at(-1)?.dispatchEvent(new Event("change"));
    }, 150);
  });
  try {
    const busyFrom = Date.now();
    await sim.deliverSms(id, "577215");
    // Cancelling the fetch in flight on every event would throw each answer away: frozen table.
    await expect(activations.codes(id)).toContainText("577215", { timeout: 5000 });
    await page.waitForTimeout(Math.max(0, 4500 - (Date.now() - busyFrom)));
    // ~30 changes in 4.5 s: the balance follows its own 4 s poll, not each of them.
    expect(accountAt.filter((at) => at >= busyFrom).length).toBeLessThanOrEqual(2);
  } finally {
    await page.evaluate(() => window.clearInterval((window as unknown as { busy: number }).busy));
    await page.unroute(POLL, slow);
  }
});

test("switching team opens a stream for the new team at once", async ({ browser }) => {
  test.setTimeout(60_000);
  // A fresh session of the admin's: switching its team leaves the shared admin session alone.
  const context = await browser.newContext({ storageState: NO_COOKIES });
  const page = await context.newPage();
  try {
    await signIn(page, ADMIN);
    const teamName = `Stream team ${Date.now()}`;
    await page.goto("/team");
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await page.getByLabel("New team").fill(teamName);
    await page.getByRole("button", { name: "Create team" }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: `Team ${teamName} created.` })).toBeVisible();

    await page.goto("/activations");
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await expect(page.locator("section[data-stream]")).toHaveAttribute("data-stream", "live");
    const opened: number[] = [];
    page.on("response", (response) => {
      if (STREAM.test(response.url()) && response.status() === 200) opened.push(Date.now());
    });
    const switchedAt = Date.now();
    await page.getByRole("combobox", { name: "Team", exact: true }).selectOption({ label: teamName });
    // The old stream watches the old team until its next session check (15 s): the table must
    // not wait for that to hear the new team's changes.
    await expect.poll(() => opened.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect((opened[0] ?? Infinity) - switchedAt).toBeLessThan(5000);
    await expect(page.locator("section[data-stream]")).toHaveAttribute("data-stream", "live");
  } finally {
    await context.close();
  }
});
