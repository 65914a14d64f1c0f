import { z } from "zod";

// The order dialog's reads, strict, so bad input is refused before any read (and so before any
// provider call). Each parameter exactly once; nothing else.
// GET /api/prices?keyId=<uuid>&service=<code>, GET /api/operators?keyId=<uuid>&country=<number>.

const priceSchema = z.strictObject({
  keyId: z.uuid(),
  service: z.string().regex(/^[a-z0-9_]{1,16}$/i, "must be a service code"),
});

const operatorSchema = z.strictObject({
  keyId: z.uuid(),
  country: z.string().regex(/^[0-9]{1,4}$/, "must be a country number"),
});

export type PriceQuery = z.infer<typeof priceSchema>;
export type OperatorQuery = z.infer<typeof operatorSchema>;

type Parsed<T> = { ok: true; query: T } | { ok: false; details: string };

function parseStrict<T>(schema: z.ZodType<T>, params: URLSearchParams): Parsed<T> {
  const names = [...params.keys()];
  if (new Set(names).size !== names.length) return { ok: false, details: "each parameter once" };
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (parsed.success) return { ok: true, query: parsed.data };
  return { ok: false, details: parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).slice(0, 3).join("; ") };
}

export function parsePriceQuery(params: URLSearchParams): Parsed<PriceQuery> {
  return parseStrict(priceSchema, params);
}

export function parseOperatorQuery(params: URLSearchParams): Parsed<OperatorQuery> {
  return parseStrict(operatorSchema, params);
}
