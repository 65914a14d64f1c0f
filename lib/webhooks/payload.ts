import { z } from "zod";
import { FIELD_LIMITS } from "@/lib/provider/limits";

// What a provider POSTs to a key's webhook URL when an SMS arrives (docs/protocol.md, "Webhooks"):
// `{"activationId":123456789,"service":"tg","text":"Your code: 12345","code":"12345",
// "country":2,"receivedAt":"2026-01-01 12:00:00"}`, as JSON (HeroSMS, SMS.online) and, from
// some panels, as a form. Rentals (`{"rentId":…,"sms":{…}}`) are not activations: acknowledged
// and ignored. Pure: no I/O, the route handler decides what to do with the result.

/** A webhook body is a few hundred bytes; anything past this is refused before parsing. */
export const MAX_WEBHOOK_BODY_BYTES = 16 * 1024;

export type PushedCode = {
  activationId: string;
  code: string;
  text: string | null;
  service: string | null;
  country: string | null;
  /** Raw "YYYY-MM-DD HH:MM:SS" in the provider's time zone, as sent; part of the idempotency key. */
  receivedAt: string | null;
};

export type PayloadResult =
  | { kind: "code"; push: PushedCode }
  | { kind: "ignored"; reason: "rental" }
  | { kind: "invalid"; reason: string };

const scalar = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const optionalText = (max: number) =>
  z
    .union([z.string(), z.number(), z.null()])
    .optional()
    .transform((v) => (v === null || v === undefined ? null : String(v).trim() || null))
    .pipe(z.string().max(max).nullable());

const activationPayload = z.object({
  activationId: scalar.pipe(z.string().regex(/^\d{1,20}$/, "activationId must be 1-20 digits")),
  code: scalar.pipe(z.string().min(1, "code is empty").max(FIELD_LIMITS.code)),
  // Display only: a long SMS is cut, never refused (the code is what matters).
  text: z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => (v ? v.slice(0, FIELD_LIMITS.smsText) : null)),
  service: optionalText(FIELD_LIMITS.name),
  country: optionalText(FIELD_LIMITS.name),
  receivedAt: optionalText(FIELD_LIMITS.name),
});

function bodyValue(contentType: string, body: string): unknown {
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  // JSON whatever the header says: providers are not careful with it.
  return JSON.parse(body);
}

export function parseWebhookPayload(contentType: string, body: string): PayloadResult {
  if (Buffer.byteLength(body) > MAX_WEBHOOK_BODY_BYTES) return { kind: "invalid", reason: "body too large" };
  let value: unknown;
  try {
    value = bodyValue(contentType, body);
  } catch {
    return { kind: "invalid", reason: "body is not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "invalid", reason: "body is not an object" };
  }
  if ("rentId" in value && !("activationId" in value)) return { kind: "ignored", reason: "rental" };
  const parsed = activationPayload.safeParse(value);
  if (!parsed.success) {
    // The field and zod's message only: never the value, which is provider data.
    const issue = parsed.error.issues[0];
    return { kind: "invalid", reason: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}` };
  }
  return { kind: "code", push: parsed.data };
}
