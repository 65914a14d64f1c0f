import { expect, test } from "./fixtures";

// scripts/server.mjs drops Accept-Encoding from server-action POSTs: gzip cost every click a
// fresh zlib stream to pack a ~170-byte answer (docs/performance.md). Pages and route handlers
// are still compressed for a client that accepts gzip.

test("pages and JSON routes are gzipped; a server action's answer is not", async ({
  page,
  sim,
  activations,
}) => {
  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "246801");
  const gzip = { "accept-encoding": "gzip" };

  const html = await page.request.get("/activations", { headers: gzip });
  expect(html.status()).toBe(200);
  expect(html.headers()["content-type"]).toContain("text/html");
  expect(html.headers()["content-encoding"]).toBe("gzip");

  const json = await page.request.get("/api/activations", { headers: gzip });
  expect(json.status()).toBe(200);
  expect(json.headers()["content-encoding"]).toBe("gzip");

  await page.goto("/activations");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await expect(activations.codes(id)).toContainText("246801");
  const answered = page.waitForResponse(
    (r) => r.request().method() === "POST" && "next-action" in r.request().headers(),
  );
  await activations.button(id, "Finish").click();
  const answer = await answered;
  expect(answer.status()).toBe(200);
  // The browser asked for gzip, and got the answer as it is.
  expect((await answer.request().allHeaders())["accept-encoding"]).toContain("gzip");
  expect((await answer.allHeaders())["content-encoding"]).toBeUndefined();
  await expect(activations.status(id)).toHaveText("Finished");
});
