import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { providerErrorMessages } from "@/lib/provider/error-messages";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./config";
import { MESSAGES } from "./messages";

/** The cookie if set, else the browser's first supported language, else English. */
async function resolveLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get("NEXT_LOCALE")?.value;
  if (isLocale(fromCookie)) return fromCookie;
  const accepted = (await headers()).get("accept-language") ?? "";
  return /^\s*pt/i.test(accepted) ? "pt-BR" : DEFAULT_LOCALE;
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return {
    locale,
    timeZone: "UTC",
    messages: { ...MESSAGES[locale], providerErrors: providerErrorMessages[locale] },
  };
});
