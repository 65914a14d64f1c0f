import { z } from "zod";

// GET /api/prices?keyId=<uuid>&service=<code>: strict, so bad input is refused before any read
// (and so before any provider call). Each parameter exactly once; nothing else.

const schema = z.strictObject({
  keyId: z.uuid(),
  service: z.string().regex(/^[a-z0-9_]{1,16}$/i, "must be a service code"),
});

export type PriceQuery = z.infer<typeof schema>;

export function parsePriceQuery(params: URLSearchParams): { ok: true; query: PriceQuery } | { ok: false; details: string } {
  const names = [...params.keys()];
  if (new Set(names).size !== names.length) return { ok: false, details: "each parameter once" };
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (parsed.success) return { ok: true, query: parsed.data };
  return { ok: false, details: parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).slice(0, 3).join("; ") };
}
