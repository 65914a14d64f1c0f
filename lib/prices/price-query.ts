import { z } from "zod";
import { countryCodeField, serviceCodeField } from "@/lib/provider/codes";

// The order dialog's reads, strict, so bad input is refused before any read (and so before any
// provider call). Each parameter exactly once; nothing else.
// GET /api/prices?keyId=<uuid>&service=<code>, GET /api/operators?keyId=<uuid>&country=<number>.

const priceSchema = z.strictObject({
  keyId: z.uuid(),
  service: serviceCodeField,
});

const operatorSchema = z.strictObject({
  keyId: z.uuid(),
  country: countryCodeField,
});

export type PriceQuery = z.infer<typeof priceSchema>;
export type OperatorQuery = z.infer<typeof operatorSchema>;

/** A read route's query, parsed: the query, or why it is refused (a 400 before any read). */
export type ParsedQuery<T> = { ok: true; query: T } | { ok: false; details: string };

function parseStrict<T>(schema: z.ZodType<T>, params: URLSearchParams): ParsedQuery<T> {
  const names = [...params.keys()];
  if (new Set(names).size !== names.length) return { ok: false, details: "each parameter once" };
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (parsed.success) return { ok: true, query: parsed.data };
  return { ok: false, details: parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).slice(0, 3).join("; ") };
}

export function parsePriceQuery(params: URLSearchParams): ParsedQuery<PriceQuery> {
  return parseStrict(priceSchema, params);
}

export function parseOperatorQuery(params: URLSearchParams): ParsedQuery<OperatorQuery> {
  return parseStrict(operatorSchema, params);
}
