import {
  type APIResponse,
  type Page,
  request as playwrightRequest,
  type Response,
} from "@playwright/test";
import { captureAction } from "./actions-replay";
import { expect, test } from "./fixtures";
import { NO_COOKIES, OPERATOR, signIn } from "./roles";

// Web-security headers, a nonce-based CSP that still lets the app hydrate, the session cookie's
// flags, and Next.js's CSRF guard on server actions (a foreign Origin never reaches the provider).

type AnyResponse = Response | APIResponse;

function expectStaticHeaders(response: AnyResponse) {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  for (const feature of ["camera=()", "microphone=()", "geolocation=()"]) {
    expect(headers["permissions-policy"]).toContain(feature);
  }
  // The e2e stack runs on http: HSTS there would pin 127.0.0.1 to an https that isn't served.
  expect(headers["strict-transport-security"]).toBeUndefined();
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name ?? "", values]),
  );
}

/** Checks the page CSP and returns its nonce. */
function expectPageCsp(response: AnyResponse): string {
  const csp = response.headers()["content-security-policy"] ?? "";
  const policy = directives(csp);
  const scriptSrc = policy.get("script-src") ?? [];
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(scriptSrc).toContain("'strict-dynamic'");
  const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))?.slice("'nonce-".length, -1) ?? "";
  expect(nonce.length).toBeGreaterThanOrEqual(16);
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'self'"]);
  expect(policy.get("form-action")).toEqual(["'self'"]);
  expect(policy.get("connect-src")).toEqual(["'self'"]);
  return nonce;
}

/** Every <script> in the document carries this response's nonce (else the browser blocks it). */
async function expectScriptsCarry(response: Response, nonce: string) {
  const tags = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
}

/** Console errors the browser reports for blocked scripts, styles or frames. */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return violations;
}

test("the sign-in page has the security headers and a nonce CSP, and still hydrates", async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: NO_COOKIES });
  const page = await context.newPage();
  const violations = cspViolations(page);
  const response = await page.goto("/sign-in");
  expect(response?.status()).toBe(200);
  if (!response) throw new Error("no response");
  expectStaticHeaders(response);
  const nonce = expectPageCsp(response);
  await expectScriptsCarry(response, nonce);
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);

  // A fresh nonce per request: a leaked one is no good on the next page.
  const again = await page.reload();
  if (!again) throw new Error("no response");
  expect(expectPageCsp(again)).not.toBe(nonce);
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  expect(violations).toEqual([]);
  await context.close();
});

test("an operator's activations page has the headers, hydrates and works under the CSP", async ({
  page,
  sim,
  activations,
}) => {
  const violations = cspViolations(page);
  const { id } = await sim.createActivation();
  const response = await page.goto("/activations");
  if (!response) throw new Error("no response");
  expect(response.status()).toBe(200);
  expectStaticHeaders(response);
  await expectScriptsCarry(response, expectPageCsp(response));
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  // Polling (connect-src 'self') and a server action (a script-driven POST) both still work.
  await sim.deliverSms(id, "909090");
  await expect(activations.codes(id)).toContainText("909090");
  await activations.button(id, "Finish").click();
  await expect(activations.status(id)).toHaveText("Finished");
  expect(violations).toEqual([]);
});

test("a signed-out visitor is still sent to /sign-in, with the headers on the redirect", async ({
  baseURL,
}) => {
  const anonymous = await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES });
  const response = await anonymous.get("/activations", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers().location).toContain("/sign-in");
  expectStaticHeaders(response);
  await anonymous.dispose();
});

test("API routes carry the security headers and a locked-down CSP", async ({ request }) => {
  for (const path of ["/api/health", "/api/activations"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expectStaticHeaders(response);
    const csp = directives(response.headers()["content-security-policy"] ?? "");
    expect(csp.get("default-src"), path).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors"), path).toEqual(["'none'"]);
  }
});

test("the session cookie from a real sign-in is HttpOnly and SameSite=Lax", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ storageState: NO_COOKIES });
  const page = await context.newPage();
  const signInResponse = page.waitForResponse((r) => r.url().endsWith("/api/auth/sign-in/email"));
  await signIn(page, OPERATOR);
  const response = await signInResponse;
  expect(response.status()).toBe(200);
  const setCookie = (await response.headerValue("set-cookie")) ?? "";
  const session = setCookie.split("\n").find((line) => /session_token=/.test(line)) ?? "";
  expect(session).not.toBe("");
  const attributes = session.split(";").map((a) => a.trim().toLowerCase());
  expect(attributes).toContain("httponly");
  expect(attributes).toContain("samesite=lax");
  // Secure exactly when the app is served over https (the e2e stack is plain http).
  expect(attributes.includes("secure")).toBe(baseURL?.startsWith("https://") ?? false);

  // And as the browser stored it.
  const stored = (await context.cookies()).find((c) => c.name.endsWith("session_token"));
  expect(stored?.httpOnly).toBe(true);
  expect(stored?.sameSite).toBe("Lax");
  await context.close();
});

test("a server action replayed from a foreign Origin is refused and reaches no provider", async ({
  page,
  sim,
  activations,
  baseURL,
  context,
}) => {
  const first = await sim.createActivation();
  const second = await sim.createActivation();
  await sim.deliverSms(first.id, "515151");
  await sim.deliverSms(second.id, "626262");
  await activations.goto();
  await expect(activations.codes(second.id)).toContainText("626262");
  const captured = await captureAction(page, () => activations.button(first.id, "Finish").click());
  await expect(activations.status(first.id)).toHaveText("Finished");

  // The operator's own valid session cookie, a valid action id and body: only the Origin is wrong.
  const replayer = await playwrightRequest.newContext({
    baseURL,
    storageState: await context.storageState(),
  });
  const body = captured.body.replace(first.id, second.id);
  expect(body).toContain(second.id);
  const foreign = await replayer.post(captured.url, {
    headers: { ...captured.headers, origin: "http://evil.example" },
    data: body,
    maxRedirects: 0,
  });
  expect(foreign.status()).toBeGreaterThanOrEqual(400);
  expect(await sim.requests({ action: "setStatus", id: second.id })).toHaveLength(0);
  expect((await sim.activation(second.id)).state).toBe("code_received");

  // The control: the same replay from our own origin does run, so the refusal above was the Origin.
  const own = await replayer.post(captured.url, {
    headers: { ...captured.headers, origin: new URL(baseURL ?? "").origin },
    data: body,
    maxRedirects: 0,
  });
  expect(own.status()).toBe(200);
  await expect
    .poll(async () => (await sim.requests({ action: "setStatus", id: second.id })).length)
    .toBeGreaterThan(0);
  await replayer.dispose();
});
