import "server-only";
import { _createCache, _createIntlFormatters, createTranslator } from "next-intl";
import type { FailureCode } from "@/lib/failure-codes";
import type { ActionError, Failure } from "@/lib/result";
import { DEFAULT_LOCALE, type Locale } from "./config";
import { messagesFor, requestLocale } from "./request-locale";

// One translator per language for the life of the process. next-intl's getTranslations builds a
// fresh one per request (its formatter cache lives in React's per-request cache), so every
// refused click parsed its message anew and resolved the locale through Intl: ~1 ms of the
// click's CPU (issue 9). Messages and formats are fixed at build time, so sharing is safe.
const translators = new Map<Locale, FailureTranslator>();

/** What is used of a translator: failure codes are looked up by name at run time. */
type FailureTranslator = {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
};

function translatorFor(locale: Locale): FailureTranslator {
  const cache = _createCache();
  const t = createTranslator({
    locale,
    messages: messagesFor(locale),
    timeZone: "UTC",
    _cache: cache,
    _formatters: _createIntlFormatters(cache),
  });
  return t as unknown as FailureTranslator;
}

function translator(locale: Locale): FailureTranslator {
  let t = translators.get(locale);
  if (!t) {
    t = translatorFor(locale);
    translators.set(locale, t);
  }
  return t;
}

/**
 * A failure code read back from the database (an order's failure, a key's last sync error),
 * typed again: a code this build has a message for, else UNEXPECTED (an older or newer build
 * may have stored one this one does not know).
 */
export function storedFailureCode(raw: string): FailureCode {
  return messageKey(translator(DEFAULT_LOCALE), raw) ? (raw as FailureCode) : "UNEXPECTED";
}

/** Where a code's message is: our own codes under `errors`, provider tokens under `providerErrors`. */
function messageKey(t: FailureTranslator, code: string): string | null {
  for (const namespace of ["errors", "providerErrors"]) {
    const key = `${namespace}.${code}`;
    if (t.has(key)) return key;
  }
  return null;
}

/**
 * Turns a failure code into a message in the user's language; a code with no message becomes
 * the generic one, so no internal text ever reaches the browser.
 */
export async function translateFailure(failure: Failure): Promise<ActionError> {
  const t = translator(await requestLocale());
  const key = messageKey(t, failure.code);
  if (!key) return { code: "UNEXPECTED", message: t("errors.UNEXPECTED") };
  const params = { until: "?", minPrice: "?", details: "", ...failure.params };
  return { code: failure.code, message: t(key, params) };
}
