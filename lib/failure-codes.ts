// Every failure code the app can return, as a type: our own are the keys of the `errors`
// messages (each feature file may add some), the provider's are its error codes. A code with no
// message is a compile error where it is written, not an "unexpected error" in the browser.
// Client-safe (types only, and the JSON the client bundle carries anyway).
import type enAuth from "@/lib/i18n/messages/en/auth.json";
import type enCore from "@/lib/i18n/messages/en/core.json";
import type enKeys from "@/lib/i18n/messages/en/keys.json";
import type enLimits from "@/lib/i18n/messages/en/limits.json";
import type enPrices from "@/lib/i18n/messages/en/prices.json";
import type enRules from "@/lib/i18n/messages/en/rules.json";
import type enSmartBuy from "@/lib/i18n/messages/en/smartbuy.json";
import type enTeam from "@/lib/i18n/messages/en/team.json";
import type enWebhooks from "@/lib/i18n/messages/en/webhooks.json";
import type { ProviderErrorCode } from "@/lib/provider/error-codes";

type ErrorKeys<File> = File extends { errors: infer Errors } ? keyof Errors & string : never;

/** Our own failure codes: each has an `errors.<code>` message in every language. */
export type AppFailureCode =
  | ErrorKeys<typeof enAuth>
  | ErrorKeys<typeof enCore>
  | ErrorKeys<typeof enKeys>
  | ErrorKeys<typeof enLimits>
  | ErrorKeys<typeof enPrices>
  | ErrorKeys<typeof enRules>
  | ErrorKeys<typeof enSmartBuy>
  | ErrorKeys<typeof enTeam>
  | ErrorKeys<typeof enWebhooks>;

export type FailureCode = AppFailureCode | ProviderErrorCode;
