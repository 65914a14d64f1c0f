// The one list of service and country names (SMS-Activate's codes, which HeroSMS and the
// simulator share; the country numbers were checked against a published client's list). Every
// place that names a code (tables, cards, history, reports, dialogs, the order pickers) names it
// from here, so a row never says "am" where the picker says "Amazon". A code named nowhere is
// shown as its code: a wrong name would buy the wrong country. Client-safe.

export type Named = { code: string; name: string };

/** The services most orders are for: first in the pickers, always offered by the history's filters. */
export const COMMON_SERVICES = [
  { code: "tg", name: "Telegram" },
  { code: "wa", name: "WhatsApp" },
  { code: "go", name: "Google" },
  { code: "fb", name: "Facebook" },
  { code: "ig", name: "Instagram" },
  { code: "ds", name: "Discord" },
  { code: "ot", name: "Other" },
] as const;

/** The countries most orders are for: first in the pickers, always offered by the history's filters. */
export const COMMON_COUNTRIES = [
  { code: "73", name: "Brazil" },
  { code: "187", name: "USA" },
  { code: "12", name: "USA (virtual)" },
  { code: "16", name: "United Kingdom" },
  { code: "6", name: "Indonesia" },
  { code: "0", name: "Russia" },
] as const;

const OTHER_SERVICES: ReadonlyArray<{ code: string; name: string }> = [
  { code: "vk", name: "VKontakte" },
  { code: "ok", name: "Odnoklassniki" },
  { code: "wb", name: "WeChat" },
  { code: "vi", name: "Viber" },
  { code: "tw", name: "Twitter" },
  { code: "ub", name: "Uber" },
  { code: "av", name: "Avito" },
  { code: "ya", name: "Yandex" },
  { code: "ma", name: "Mail.ru" },
  { code: "mm", name: "Microsoft" },
  { code: "mb", name: "Yahoo" },
  { code: "am", name: "Amazon" },
];

const OTHER_COUNTRIES: Readonly<Record<string, string>> = {
  "1": "Ukraine",
  "2": "Kazakhstan",
  "3": "China",
  "4": "Philippines",
  "5": "Myanmar",
  "7": "Malaysia",
  "8": "Kenya",
  "9": "Tanzania",
  "10": "Vietnam",
  "11": "Kyrgyzstan",
  "13": "Israel",
  "14": "Hong Kong",
  "15": "Poland",
  "17": "Madagascar",
  "18": "Congo",
  "19": "Nigeria",
  "20": "Macau",
  "21": "Egypt",
  "22": "India",
  "23": "Ireland",
  "24": "Cambodia",
  "25": "Laos",
  "26": "Haiti",
  "27": "Côte d'Ivoire",
  "28": "Gambia",
  "29": "Serbia",
  "30": "Yemen",
  "31": "South Africa",
  "32": "Romania",
  "34": "Estonia",
  "35": "Azerbaijan",
  "36": "Canada",
  "37": "Morocco",
  "38": "Ghana",
  "39": "Argentina",
  "40": "Uzbekistan",
  "41": "Cameroon",
  "42": "Chad",
  "43": "Germany",
  "44": "Lithuania",
  "45": "Croatia",
  "47": "Iraq",
  "48": "Netherlands",
};

/** Every service named: the common ones first, then the others by name. */
export const SERVICES: readonly Named[] = [
  ...COMMON_SERVICES,
  ...[...OTHER_SERVICES].sort((a, b) => a.name.localeCompare(b.name)),
];

/** Every country named: the common ones first, then the others by name. */
export const COUNTRIES: readonly Named[] = [
  ...COMMON_COUNTRIES,
  ...Object.entries(OTHER_COUNTRIES)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name)),
];

const SERVICE_NAMES = new Map(SERVICES.map((s) => [s.code, s.name]));
const COUNTRY_NAMES = new Map(COUNTRIES.map((c) => [c.code, c.name]));

/** A service's name, or null when no list names it. */
export function knownServiceName(code: string): string | null {
  return SERVICE_NAMES.get(code) ?? null;
}

/** A country's name, or null when no list names it. */
export function knownCountryName(code: string): string | null {
  return COUNTRY_NAMES.get(code) ?? null;
}

export function serviceName(code: string): string {
  return knownServiceName(code) ?? code;
}

/**
 * Our name first, so a row names a country as the order picker did; the provider's name only
 * for a code we do not know (it is better than a bare number there).
 */
export function countryName(code: string, fromProvider: string | null): string {
  return knownCountryName(code) ?? fromProvider ?? code;
}

/**
 * Operators by their providers' codes (HeroSMS's getOperators lists codes only): the big networks
 * of the countries orders are most often for. The picker still sends the code; a code named
 * nowhere is shown as it is.
 */
const OPERATOR_NAMES = new Map<string, string>([
  // Russia
  ["mts", "MTS"],
  ["beeline", "Beeline"],
  ["megafon", "MegaFon"],
  ["tele2", "Tele2"],
  // Indonesia
  ["telkomsel", "Telkomsel"],
  ["indosat", "Indosat"],
  ["xl", "XL Axiata"],
  ["tri", "Tri (3)"],
  // United Kingdom
  ["ee", "EE"],
  ["vodafone", "Vodafone"],
  ["o2", "O2"],
  ["three", "Three"],
  // Brazil
  ["vivo", "Vivo"],
  ["claro", "Claro"],
  ["tim", "TIM"],
  ["oi", "Oi"],
  // USA
  ["tmobile", "T-Mobile"],
  ["verizon", "Verizon"],
  ["att", "AT&T"],
]);

export function operatorName(code: string): string {
  return OPERATOR_NAMES.get(code) ?? code;
}
