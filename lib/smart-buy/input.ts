import { z } from "zod";
import { countryCodeField, serviceCodeField } from "@/lib/provider/codes";

// What a smart buy request may be (client-safe: the form shows the same bounds).

export const SMART_BUY_LIMITS = {
  countries: { min: 1, max: 10 },
  everySeconds: { min: 5, max: 600 },
  maxRounds: { min: 1, max: 50 },
} as const;

export const smartBuyInput = z.strictObject({
  keyId: z.uuid(),
  service: serviceCodeField,
  countries: z
    .array(countryCodeField)
    .min(SMART_BUY_LIMITS.countries.min)
    .max(SMART_BUY_LIMITS.countries.max)
    .refine((list) => new Set(list).size === list.length, "must not repeat a country"),
  maxPrice: z.number().positive().max(10_000).optional(),
  everySeconds: z
    .number()
    .int()
    .min(SMART_BUY_LIMITS.everySeconds.min)
    .max(SMART_BUY_LIMITS.everySeconds.max),
  maxRounds: z
    .number()
    .int()
    .min(SMART_BUY_LIMITS.maxRounds.min)
    .max(SMART_BUY_LIMITS.maxRounds.max),
});

export const stopSmartBuyInput = z.strictObject({ id: z.uuid() });

/** A quick buy: a named smart buy plan, shared with the team or the member's own. */
export const quickBuyInput = smartBuyInput.extend({
  name: z.string().trim().min(1).max(40),
  shared: z.boolean(),
});

export const quickBuyIdInput = z.strictObject({ id: z.uuid() });
