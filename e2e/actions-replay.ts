import { expect, type Page, type Request } from "@playwright/test";

/** A server-action POST as the browser sent it, to replay with other cookies or inputs. */
export type CapturedAction = { url: string; headers: Record<string, string>; body: string };

/** Runs `trigger` and captures the first server-action request it makes. */
export async function captureAction(page: Page, trigger: () => Promise<unknown>): Promise<CapturedAction> {
  const requestPromise = page.waitForRequest((r: Request) => r.method() === "POST" && "next-action" in r.headers());
  await trigger();
  const request = await requestPromise;
  const headers = request.headers();
  expect(headers["next-action"]).toBeTruthy();
  return {
    url: request.url(),
    headers: {
      "next-action": headers["next-action"] ?? "",
      "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
      accept: "text/x-component",
    },
    body: request.postData() ?? "",
  };
}
