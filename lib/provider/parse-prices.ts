import "server-only";
import { isRecord, parseDecimal, readAnswer, unexpectedShape, unexpectedToken, unwrapSingle } from "./parse-body";
import { FIELD_LIMITS } from "./limits";

// getPrices: `{"<country>":{"<service>":{"cost":0.4,"count":1234}}}` (docs/protocol.md), some
// providers wrapping it in a one-element array or adding `physicalCount`. Prices are in the
// account's currency.

/** What one country sells one service for, and how many numbers it has now. */
export type PriceOffer = { country: string; service: string; cost: number; count: number };

/**
 * Offers read from one answer at most. Asked per service (the order dialog's use), an answer has
 * one offer per country, a few hundred; all services of all countries is ~200 × ~1,000.
 */
export const MAX_PRICE_OFFERS = 50_000;

const CODE = /^[A-Za-z0-9_-]+$/;

function code(raw: string): string | null {
  const text = raw.trim();
  return text.length > 0 && text.length <= FIELD_LIMITS.name && CODE.test(text) ? text : null;
}

function amount(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  return typeof raw === "string" ? parseDecimal(raw.trim()) : undefined;
}

/**
 * The offers in an answer, each with a known non-negative cost and stock. An entry without a
 * readable cost or count is left out rather than failing the list: one odd country (some
 * providers send `"cost": null` for what they do not sell) must not hide every other price.
 * The shape itself (an object of objects) is not negotiable: anything else is PROTOCOL_ERROR.
 */
export function parsePrices(httpStatus: number, body: string): PriceOffer[] {
  const answer = readAnswer(httpStatus, body);
  if (answer.kind === "token") throw unexpectedToken(answer.token, httpStatus);
  const value = unwrapSingle(answer.value);
  if (!isRecord(value)) throw unexpectedShape(httpStatus, "getPrices is not an object of countries");
  const offers: PriceOffer[] = [];
  for (const [countryKey, services] of Object.entries(value)) {
    const country = code(countryKey);
    if (country === null || !isRecord(services)) continue;
    for (const [serviceKey, offer] of Object.entries(services)) {
      if (offers.length >= MAX_PRICE_OFFERS) return offers;
      const service = code(serviceKey);
      if (service === null || !isRecord(offer)) continue;
      const cost = amount(offer.cost);
      const count = amount(offer.count);
      if (cost === undefined || cost < 0 || count === undefined || count < 0) continue;
      offers.push({ country, service, cost, count: Math.floor(count) });
    }
  }
  return offers;
}
