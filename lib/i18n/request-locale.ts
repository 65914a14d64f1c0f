import "server-only";
import { cookies, headers } from "next/headers";
import { providerErrorMessages } from "@/lib/provider/error-messages";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from "./config";
import { MESSAGES } from "./messages";

/** The request's language: the cookie if set, else the browser's first supported one, else English. */
export async function requestLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(fromCookie)) return fromCookie;
  const accepted = (await headers()).get("accept-language") ?? "";
  return /^\s*pt/i.test(accepted) ? "pt-BR" : DEFAULT_LOCALE;
}

/** Every message of one language: the app's own and the provider error texts. */
export function messagesFor(locale: Locale) {
  return { ...MESSAGES[locale], providerErrors: providerErrorMessages[locale] };
}
