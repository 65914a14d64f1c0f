import { COUNTRY_CODE, SERVICE_CODE } from "@/lib/provider/codes";
import { knownCountryName, matchesSearch, NAMED_COUNTRIES, NAMED_SERVICES } from "./names";

// What the order dialog's pickers list, from the prices read (or not) and the search typed.
// Pure and client-safe: the dialog renders these, tests check them without a browser.

/** One country's offer as GET /api/prices answers it: the price in the key's currency, the stock. */
export type PriceDto = { country: string; cost: number; count: number };

export type Choice = {
  code: string;
  /** null: no list names this code (the dialog shows "Country 42"). */
  name: string | null;
  /** null: no price read (prices unavailable, or a code typed in). */
  cost: number | null;
  count: number | null;
  /** Sold out (stock 0): listed, so the user sees it exists, but not buyable. */
  buyable: boolean;
};

/**
 * The country picker's options. With prices: every priced country, buyable ones cheapest first
 * (then more stock first), sold-out ones last. Without (loading, or the provider failed): the
 * countries we know by name, unpriced. Either way filtered by the search, and a number typed
 * there that is not listed is offered as it is, so an order never depends on reading prices.
 */
export function countryChoices(offers: readonly PriceDto[] | null, search: string): Choice[] {
  const all: Choice[] = offers
    ? offers
        .map((o) => ({ code: o.country, name: knownCountryName(o.country), cost: o.cost, count: o.count, buyable: o.count > 0 }))
        .sort(cheapestBuyableFirst)
    : NAMED_COUNTRIES.map((c) => ({ ...c, cost: null, count: null, buyable: true }));
  const shown = all.filter((c) => matchesSearch({ code: c.code, name: c.name ?? "" }, search));
  return withTyped(shown, search.trim(), COUNTRY_CODE);
}

/** The service picker's options: the services we know by name, filtered, or a code typed in. */
export function serviceChoices(search: string): Choice[] {
  const shown = NAMED_SERVICES.filter((s) => matchesSearch(s, search)).map((s) => ({
    ...s,
    cost: null,
    count: null,
    buyable: true,
  }));
  // A word that matched names ("tele") is not a code; a short one ("ts") may be both.
  const typed = search.trim().toLowerCase();
  return shown.length === 0 || typed.length <= 3 ? withTyped(shown, typed, SERVICE_CODE) : shown;
}

/**
 * What the picker has selected: the user's choice while the options still list it (bought or
 * not: a sold-out choice is shown as such, never swapped silently), else the first buyable option.
 */
export function selectedChoice(options: readonly Choice[], chosen: string | null): Choice | null {
  return options.find((o) => o.code === chosen) ?? options.find((o) => o.buyable) ?? null;
}

function cheapestBuyableFirst(a: Choice, b: Choice): number {
  if (a.buyable !== b.buyable) return a.buyable ? -1 : 1;
  return (a.cost ?? 0) - (b.cost ?? 0) || (b.count ?? 0) - (a.count ?? 0) || a.code.localeCompare(b.code);
}

function withTyped(shown: Choice[], typed: string, pattern: RegExp): Choice[] {
  if (!pattern.test(typed) || shown.some((c) => c.code === typed)) return shown;
  return [...shown, { code: typed, name: null, cost: null, count: null, buyable: true }];
}
