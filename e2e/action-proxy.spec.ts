import { request as playwrightRequest } from "@playwright/test";
import { captureAction } from "./actions-replay";
import { expect, test } from "./fixtures";
import { NO_COOKIES } from "./roles";

// proxy.ts runs for pages and for server actions sent without a session cookie (the redirect to
// /sign-in), not for a signed-in click: a CSP nonce is of no use on an action's answer, and the
// proxy cost ~9 ms of every click (docs/performance.md). What the proxy sets shows which ran:
// its Content-Security-Policy (next.config.ts sets none on pages).

test("a signed-in click skips proxy.ts; its page and a signed-out replay of it do not", async ({
  page,
  sim,
  activations,
  baseURL,
}) => {
  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "135790");
  const pageResponse = await page.goto("/activations");
  expect(pageResponse?.headers()["content-security-policy"]).toContain("'nonce-");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await expect(activations.codes(id)).toContainText("135790");

  const answered = page.waitForResponse(
    (r) => r.request().method() === "POST" && "next-action" in r.request().headers(),
  );
  const captured = await captureAction(page, () => activations.button(id, "Finish").click());
  const answer = await answered;
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-security-policy"]).toBeUndefined();
  await expect(activations.status(id)).toHaveText("Finished");

  // The same request without the cookie still meets the proxy: redirected, with its policy.
  const anonymous = await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES });
  const signedOut = await anonymous.post(captured.url, {
    headers: captured.headers,
    data: captured.body,
    maxRedirects: 0,
  });
  expect(signedOut.status()).toBe(307);
  expect(signedOut.headers().location).toContain("/sign-in");
  expect(signedOut.headers()["content-security-policy"]).toContain("'nonce-");
  await anonymous.dispose();
});
