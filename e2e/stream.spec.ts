import { type BrowserContext, type Page, request as playwrightRequest, type Route } from "@playwright/test";
import { readDb } from "./db";
import { expect, test } from "./fixtures";
import { NO_COOKIES, OPERATOR, signIn } from "./roles";

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
