import { directClientAddress } from "@/lib/net/client-address";
import { MAX_WEBHOOK_BODY_BYTES } from "@/lib/webhooks/payload";
import { applyPush, authenticatePush, type PushAnswer } from "@/lib/webhooks/receive";

// POST /api/webhooks/<token>: a provider pushes an SMS of one of the key's activations
// (lib/webhooks/receive.ts). No session (proxy.ts does not run on /api) and no origin rule: the
// token in the URL is the credential. Refusals are decided before the body is read, and a body
// past the bound is refused as it streams in, never buffered whole.
//
// The allow-list judges the address our own server (scripts/server.mjs) resolved: the socket's
// peer, or the client before proxies listed in TRUSTED_PROXIES. Never a client-sent
// X-Forwarded-For: under `next dev`/`next start`, or through a proxy not listed, the address is
// unknown and a key with an allow-list refuses the push (fails closed).

export const dynamic = "force-dynamic";

const answer = ({ status, body }: PushAnswer) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

const TOO_LARGE: PushAnswer = { status: 413, body: "body too large" };

/** The body as text, or null once it passes `limit` bytes (the rest is not read). */
async function boundedText(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function POST(request: Request, context: { params: Promise<{ token: string }> }) {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_WEBHOOK_BODY_BYTES) return answer(TOO_LARGE);
  const { token } = await context.params;
  const key = await authenticatePush(token, directClientAddress(request.headers));
  if ("status" in key) return answer(key);
  const body = await boundedText(request, MAX_WEBHOOK_BODY_BYTES);
  if (body === null) return answer(TOO_LARGE);
  return answer(await applyPush(key, request.headers.get("content-type") ?? "", body));
}
