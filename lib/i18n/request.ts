import { getRequestConfig } from "next-intl/server";
import { messagesFor, requestLocale } from "./request-locale";

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, timeZone: "UTC", messages: messagesFor(locale) };
});
