import "server-only";

// Public API of the provider client. Client components must import the client-safe modules
// directly ("@/lib/provider/error-codes", "@/lib/provider/error-messages"), not this file.

export {
  createProviderClient,
  DEFAULT_TIMEOUT_MS,
  type GetNumberInput,
  type ListPage,
  MAX_PAGE_LIMIT,
  type PriceFilter,
  type ProviderClient,
  type ProviderClientOptions,
  type ProviderLogger,
} from "./client";
export {
  isOutcomeUnknown,
  isProviderErrorCode,
  isTransient,
  PROVIDER_ERROR_CODES,
  type ProviderErrorCode,
} from "./error-codes";
export { type ProviderErrorLocale, providerErrorMessages } from "./error-messages";
export { ENDPOINT_PATH, providerEndpoint } from "./endpoint";
export { isProviderError, ProviderError, type ProviderErrorDetails } from "./errors";
export {
  type ActiveActivation,
  type GetStatusResult,
  type NormalizedBody,
  type NumberOrder,
  normalizeBody,
  parseActiveActivations,
  parseGetBalance,
  parseGetNumber,
  parseGetStatus,
  parseSetStatus,
  type SetStatusCode,
  type SetStatusResult,
  tokenToError,
} from "./parse";
export { DEFAULT_MAX_BODY_BYTES } from "./limits";
export { MAX_OPERATORS, parseOperators } from "./parse-operators";
export { MAX_PRICE_OFFERS, type PriceOffer, parsePrices } from "./parse-prices";
export { redactSecret, redactUrl } from "./redact";
export type { ServerDateRead } from "./transport";
