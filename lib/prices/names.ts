import { COUNTRIES, SERVICES } from "@/lib/catalog";

// Names for the order dialog's pickers, beyond lib/catalog.ts's short list (which also feeds the
// history's filters, so it stays short). SMS-Activate's codes, which HeroSMS and the simulator
// share; the country numbers were checked against a published client's list. A code named
// nowhere is shown as its code: a wrong name would buy the wrong country. Client-safe.

const MORE_SERVICES: ReadonlyArray<{ code: string; name: string }> = [
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

const MORE_COUNTRIES: Readonly<Record<string, string>> = {
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

export type Named = { code: string; name: string };

/** Every service the pickers know by name, catalog first (the common ones), then by name. */
export const NAMED_SERVICES: readonly Named[] = [
  ...SERVICES,
  ...[...MORE_SERVICES].sort((a, b) => a.name.localeCompare(b.name)),
];

/** Every country the pickers know by name (the fallback list when prices cannot be read). */
export const NAMED_COUNTRIES: readonly Named[] = [
  ...COUNTRIES,
  ...Object.entries(MORE_COUNTRIES)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name)),
];

/** A country's name, or null when no list names it. */
export function knownCountryName(code: string): string | null {
  return COUNTRIES.find((c) => c.code === code)?.name ?? MORE_COUNTRIES[code] ?? null;
}

/** A service's name, or null when no list names it. */
export function knownServiceName(code: string): string | null {
  return NAMED_SERVICES.find((s) => s.code === code)?.name ?? null;
}

/** Whether a picker's search text matches a name or a code (case- and accent-insensitive). */
export function matchesSearch(item: Named, search: string): boolean {
  const term = fold(search.trim());
  return term === "" || fold(item.name).includes(term) || item.code.toLowerCase() === term;
}

function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}
