// The simulator's built-in price list. Small on purpose: enough services and countries for the
// dashboard's buy form and for tests, with prices in whole US cents so money never drifts.

export interface SimService {
  code: string;
  name: string;
  /** Base price in US cents, scaled by the country's factor. */
  baseCents: number;
}

export interface SimCountry {
  code: string;
  name: string;
  /** Multiplier applied to a service's base price. */
  priceFactor: number;
  /** Country "999" is permanently sold out so clients can exercise NO_NUMBERS on demand. */
  soldOut: boolean;
  /** Builds a national number (digits only, no `+`) from a random source. */
  makePhone: (random: () => number) => string;
  /**
   * What getOperators lists for the country after "any" (HeroSMS's form); empty: only "any".
   * getNumber takes any `operator` and echoes it: the list is for clients to offer a choice.
   */
  operators: readonly string[];
}

const MIN_PRICE_CENTS = 10;
const MAX_PRICE_CENTS = 120;

export const SIM_SERVICES: readonly SimService[] = [
  { code: "tg", name: "Telegram", baseCents: 40 },
  { code: "wa", name: "WhatsApp", baseCents: 55 },
  { code: "go", name: "Google", baseCents: 20 },
  { code: "fb", name: "Facebook", baseCents: 15 },
  { code: "ig", name: "Instagram", baseCents: 18 },
  { code: "ds", name: "Discord", baseCents: 12 },
  { code: "vk", name: "VKontakte", baseCents: 25 },
  { code: "am", name: "Amazon", baseCents: 22 },
  { code: "mm", name: "Microsoft", baseCents: 16 },
  { code: "ot", name: "Other", baseCents: 10 },
];

function digits(random: () => number, count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += String(Math.floor(random() * 10));
  return out;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)] ?? items[0];
  if (item === undefined) throw new Error("pick() from an empty list");
  return item;
}

// Area codes that exist, so numbers look plausible in screenshots and demos.
const US_AREA_CODES = ["201", "212", "305", "312", "415", "512", "617", "702", "818", "917"];
const US_VIRTUAL_AREA_CODES = ["209", "279", "341", "447", "659", "930"];
const BR_AREA_CODES = ["11", "21", "31", "41", "51", "61", "71", "81"];

export const SIM_COUNTRIES: readonly SimCountry[] = [
  {
    code: "0",
    name: "Russia",
    priceFactor: 1,
    soldOut: false,
    makePhone: (r) => `79${digits(r, 9)}`,
    operators: ["mts", "beeline", "megafon", "tele2"],
  },
  {
    code: "6",
    name: "Indonesia",
    priceFactor: 0.5,
    soldOut: false,
    makePhone: (r) => `628${pick(r, ["1", "2", "5", "7", "9"])}${digits(r, 8)}`,
    operators: ["telkomsel", "indosat", "xl", "tri"],
  },
  {
    // SMS-Activate's numbering (as lib/catalog.ts): 12 is the virtual USA, 187 the real one.
    code: "12",
    name: "USA (virtual)",
    priceFactor: 2,
    soldOut: false,
    makePhone: (r) => `1${pick(r, US_VIRTUAL_AREA_CODES)}${2 + Math.floor(r() * 8)}${digits(r, 6)}`,
    operators: [],
  },
  {
    code: "16",
    name: "United Kingdom",
    priceFactor: 1.6,
    soldOut: false,
    makePhone: (r) => `447${pick(r, ["4", "5", "7", "8", "9"])}${digits(r, 8)}`,
    operators: ["ee", "vodafone", "o2", "three"],
  },
  {
    code: "73",
    name: "Brazil",
    priceFactor: 0.8,
    soldOut: false,
    makePhone: (r) => `55${pick(r, BR_AREA_CODES)}9${digits(r, 8)}`,
    operators: ["vivo", "claro", "tim", "oi"],
  },
  {
    code: "187",
    name: "USA",
    priceFactor: 0.6,
    soldOut: false,
    makePhone: (r) => `1${pick(r, US_AREA_CODES)}${2 + Math.floor(r() * 8)}${digits(r, 6)}`,
    operators: ["tmobile", "verizon", "att"],
  },
  {
    code: "999",
    name: "Sold Out Land (simulator)",
    priceFactor: 1,
    soldOut: true,
    makePhone: (r) => `999${digits(r, 8)}`,
    operators: [],
  },
];

export function findService(code: string): SimService | undefined {
  return SIM_SERVICES.find((s) => s.code === code);
}

export function findCountry(code: string): SimCountry | undefined {
  return SIM_COUNTRIES.find((c) => c.code === code);
}

/** Price in cents for a service in a country, clamped to the 0.10–1.20 USD band. */
export function priceCents(service: SimService, country: SimCountry): number {
  const raw = Math.round(service.baseCents * country.priceFactor);
  return Math.min(MAX_PRICE_CENTS, Math.max(MIN_PRICE_CENTS, raw));
}

/** A 6-digit verification code (leading zeros kept: codes are strings on the wire). */
export function randomCode(random: () => number): string {
  return digits(random, 6);
}

/** The SMS body a real service would send; varied a little so clients don't parse one shape. */
export function smsTextFor(serviceName: string, code: string): string {
  if (serviceName === "Google") return `G-${code} is your Google verification code.`;
  if (serviceName === "WhatsApp") return `Your WhatsApp code: ${code.slice(0, 3)}-${code.slice(3)}`;
  return `Your ${serviceName} code is ${code}`;
}
