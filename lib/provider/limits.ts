// Bounds on what one provider answer may carry. A provider is a remote party we do not
// control: without these, one hostile or broken answer could hold the event loop, fill the
// database or the logs. Every bound is far above what real providers send.

/**
 * Default for PROVIDER_MAX_BODY_BYTES: a real answer is a few KiB, a page of 100 activations
 * ~30 KiB. A provider that ignores paging and lists 5,000 at once sends ~1.5 MiB: raise it then.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Rows taken from one getActiveActivations answer; the rest are not read (not below 5,000). Also
 * sync's bound on a whole paged list (lib/sync/list-pages.ts MAX_PAGES).
 */
export const MAX_LIST_ROWS = 10_000;

/** Longest decimal number read ("12345.67", "-0,5"); longer text is not a number to us. */
export const MAX_NUMBER_LENGTH = 32;

export const FIELD_LIMITS = {
  /** Same bound as the actions' id schema (1-20 digits). */
  activationId: 20,
  /** E.164 is at most 15 digits; room for formatting some clones add. */
  phone: 32,
  code: 64,
  /** Codes kept from one activation (an SMS per "another code" request). */
  codes: 50,
  /** Display-only: longer SMS text is cut, not refused (a long SMS must not stop sync). */
  smsText: 2000,
  /** Service and country codes and names, status strings, times. */
  name: 100,
} as const;
